"""Table tests for the Digital Post exemption: every ground with a declaration on honour is
granted until 1 November two calendar years on; no declaration or no ground is referred."""

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings

from borgerrejse.catalog.documents import read_definition

SLUG = "fritagelse-digital-post"
ON = dt.date(2025, 3, 1)
GROUNDS = [
    "cognitive_or_physical_impairment",
    "no_computer_or_internet",
    "emigrated",
    "no_fixed_address",
    "language_barriers",
    "mitid_difficulty",
    "no_broadband",
]


@pytest.mark.parametrize("applied_by_proxy", [False, True])
@pytest.mark.parametrize("ground", GROUNDS)
def test_every_ground_with_a_declaration_is_granted(evaluate, ground, applied_by_proxy):
    answers = {
        "ground": ground,
        "declaration_on_honour": True,
        "applied_by_proxy": applied_by_proxy,
    }
    result = evaluate(SLUG, answers, ON)

    assert result["outcome"] == "grant"
    assert result["proposed_outcome"] == "grant"
    assert result["amount_dkk"] is None
    assert result["amount_kind"] is None
    assert result["missing"] == []
    assert [reason["rule"] for reason in result["reasons"]] == ["exemption_granted"]


@pytest.mark.parametrize(
    ("on", "ends"),
    [
        ("2024-01-01", "1. november 2026"),
        ("2025-03-01", "1. november 2027"),
        ("2025-11-01", "1. november 2027"),
        ("2025-12-31", "1. november 2027"),
    ],
)
def test_exemption_lasts_until_1_november_two_calendar_years_on(evaluate, on, ends):
    answers = {"ground": "language_barriers", "declaration_on_honour": True}
    result = evaluate(SLUG, answers, dt.date.fromisoformat(on))

    assert f"Fritagelsen gælder til {ends}." in result["reasons"][0]["text"]


@pytest.mark.parametrize("ground", GROUNDS)
def test_no_declaration_is_referred_never_rejected(evaluate, ground):
    answers = {"ground": ground, "declaration_on_honour": False, "applied_by_proxy": False}
    result = evaluate(SLUG, answers, ON)

    assert result["outcome"] == "refer_to_caseworker"
    assert result["proposed_outcome"] == "refer_to_caseworker"
    assert result["missing"] == []
    assert [reason["rule"] for reason in result["reasons"]] == ["declaration_not_given"]


@pytest.mark.parametrize(
    ("answers", "missing"),
    [
        ({}, ["declaration_on_honour", "ground"]),
        ({"ground": "emigrated"}, ["declaration_on_honour"]),
        ({"ground": "emigrated", "declaration_on_honour": "unknown"}, ["declaration_on_honour"]),
        ({"ground": "emigrated", "declaration_on_honour": "maybe"}, ["declaration_on_honour"]),
        ({"declaration_on_honour": True}, ["ground"]),
        ({"ground": "bored", "declaration_on_honour": True}, ["ground"]),
    ],
)
def test_missing_or_invalid_answers_are_referred(evaluate, answers, missing):
    result = evaluate(SLUG, answers, ON)

    assert result["outcome"] == "refer_to_caseworker"
    assert result["missing"] == missing


def test_declaration_given_as_a_word_is_read(evaluate):
    result = evaluate(SLUG, {"ground": "no_fixed_address", "declaration_on_honour": "ja"}, ON)

    assert result["outcome"] == "grant"


def test_reason_and_legal_basis(evaluate):
    answers = {"ground": "mitid_difficulty", "declaration_on_honour": True}
    result = evaluate(SLUG, answers, ON)

    reason = result["reasons"][0]
    assert reason["text"] == (
        "Du er fritaget for Digital Post. Du får breve fra det offentlige på papir. "
        "Du må også søge på papir, hvor andre skal søge på nettet. "
        "Fritagelsen gælder til 1. november 2027. Vi skriver til dig, før den slutter."
    )
    assert "§ 5" in reason["legal_basis"]
    assert reason["facts"]["exemption_ends"] == "2027-11-01"


def test_english_reasons(evaluate):
    answers = {"ground": "no_broadband", "declaration_on_honour": True}
    result = evaluate(SLUG, answers, ON, language="en")

    assert "The exemption lasts until 1 November 2027." in result["reasons"][0]["text"]


def test_no_documentation_is_asked_for_and_there_is_no_web_channel():
    definition = read_definition(Path(settings.SERVICES_DIR) / f"{SLUG}.yaml")

    assert definition.attachments == ()
    assert "web" not in definition.channels
    assert not definition.channels["desk"].attendance_required
    assert set(definition.form.fields()[0].options) == set(GROUNDS)
