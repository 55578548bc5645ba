"""Table tests for replacing an aid: the declaration on honour decides at once."""

import datetime as dt

import pytest

SLUG = "hjaelpemiddel-genanskaffelse"
ON = dt.date(2025, 3, 1)
REASONS = ["worn_out", "broken", "lost", "outgrown"]


def answers(**overrides):
    base = {
        "aid_description": "Rollator",
        "replacement_reason": "worn_out",
        "need_unchanged_declaration": True,
    }
    return base | overrides


@pytest.mark.parametrize("reason", REASONS)
@pytest.mark.parametrize("declaration", [True, "ja", "yes"])
def test_unchanged_need_is_granted_at_once(evaluate, reason, declaration):
    result = evaluate(
        SLUG, answers(replacement_reason=reason, need_unchanged_declaration=declaration), ON
    )

    assert result["outcome"] == "grant"
    assert result["proposed_outcome"] == "grant"
    assert result["amount_dkk"] is None
    assert result["amount_kind"] is None
    assert [r["rule"] for r in result["reasons"]] == ["need_unchanged"]


@pytest.mark.parametrize("reason", REASONS)
@pytest.mark.parametrize("declaration", [False, "nej"])
def test_changed_need_is_referred_for_a_new_assessment(evaluate, reason, declaration):
    result = evaluate(
        SLUG, answers(replacement_reason=reason, need_unchanged_declaration=declaration), ON
    )

    assert result["outcome"] == "refer_to_caseworker"
    assert result["proposed_outcome"] == "refer_to_caseworker"
    assert [r["rule"] for r in result["reasons"]] == ["need_changed"]
    assert result["missing"] == []


@pytest.mark.parametrize("declaration", [None, "ved ikke", "måske"])
def test_missing_declaration_is_referred(evaluate, declaration):
    result = evaluate(SLUG, answers(need_unchanged_declaration=declaration), ON)

    assert result["outcome"] == "refer_to_caseworker"
    assert result["missing"] == ["need_unchanged_declaration"]


def test_reasons_are_plain_and_name_the_law(evaluate):
    result = evaluate(SLUG, answers(), ON)

    reason = result["reasons"][0]
    assert reason["text"].startswith("Du har skrevet under på, at dit behov er det samme.")
    assert "Serviceloven § 112" in reason["legal_basis"]


def test_english_reasons(evaluate):
    result = evaluate(SLUG, answers(need_unchanged_declaration=False), ON, language="en")

    assert result["reasons"][0]["text"] == (
        "Your need has changed. So we must look at it again. A caseworker will contact you."
    )
