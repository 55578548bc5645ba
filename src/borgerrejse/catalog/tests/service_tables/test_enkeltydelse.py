"""Table tests for the single benefit: a caseworker always decides. Any answers are
referred, missing answers are named, and nothing is ever granted or given an amount."""

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings

from borgerrejse.catalog.documents import read_definition

ON = dt.date(2025, 3, 1)
COMPLETE = {
    "purpose": "En ny seng. Min gamle seng er gået i stykker.",
    "amount_applied": "3.500",
    "change_in_circumstances": "Jeg er blevet skilt og er flyttet.",
    "why_unforeseen": "Sengen gik i stykker ved flytningen.",
    "how_it_helps": "Jeg kan ikke sove ordentligt og passe mit arbejde.",
    "household": "single_with_children",
    "monthly_income": "14.200",
    "savings": "0",
}


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"other_help": "Forsikringen dækker ikke."},
        {"household": "single"},
        {"household": "couple"},
        {"household": "couple_with_children"},
        {"amount_applied": "1", "savings": "250.000"},
        {"amount_applied": "1.000.000"},
        # The form asks for at least 1 kr; the rules still only refer.
        {"amount_applied": "0"},
        {"amount_applied": "-500"},
        {"monthly_income": "-1"},
    ],
)
def test_any_answers_are_referred_to_a_caseworker(evaluate, changes):
    result = evaluate("enkeltydelse", COMPLETE | changes, ON)

    assert result["outcome"] == "refer_to_caseworker"
    assert result["proposed_outcome"] == "refer_to_caseworker"
    assert result["amount_dkk"] is None
    assert result["amount_kind"] == "benefit"
    assert result["missing"] == []
    assert result["reasons"][-1]["rule"] == "automation_none"


def test_complete_answers_explain_the_three_conditions(evaluate):
    result = evaluate("enkeltydelse", COMPLETE, ON)

    assert [reason["rule"] for reason in result["reasons"]] == [
        "caseworker_assesses",
        "automation_none",
    ]
    reason = result["reasons"][0]
    assert reason["text"].startswith("Du har søgt om 3.500 kr. En sagsbehandler ser på tre ting.")
    assert "hører vi dig først" in reason["text"]
    assert "§ 81" in reason["legal_basis"]
    assert reason["facts"]["amount_applied"] == "3500.00"


@pytest.mark.parametrize(
    ("missing_names", "extra"),
    [
        (["purpose"], {}),
        (["amount_applied"], {}),
        (["change_in_circumstances"], {}),
        (["why_unforeseen"], {}),
        (["how_it_helps"], {}),
        (["household"], {}),
        (["monthly_income"], {}),
        (["savings"], {}),
        (["why_unforeseen", "how_it_helps", "change_in_circumstances"], {}),
        (["purpose"], {"purpose": "   "}),
        (["amount_applied"], {"amount_applied": "ved ikke"}),
        (["amount_applied"], {"amount_applied": "mange penge"}),
        (["household"], {"household": "commune"}),
    ],
)
def test_missing_or_invalid_answers_are_referred_and_named(evaluate, missing_names, extra):
    answers = {name: value for name, value in COMPLETE.items() if name not in missing_names}
    result = evaluate("enkeltydelse", answers | extra, ON)

    assert result["outcome"] == "refer_to_caseworker"
    assert result["proposed_outcome"] == "refer_to_caseworker"
    assert result["amount_dkk"] is None
    assert result["missing"] == sorted(missing_names)
    assert [reason["rule"] for reason in result["reasons"]] == ["missing_facts", "automation_none"]


def test_no_answers_at_all_names_every_required_answer(evaluate):
    result = evaluate("enkeltydelse", {}, ON)

    assert result["outcome"] == "refer_to_caseworker"
    assert result["missing"] == sorted(set(COMPLETE))
    assert "other_help" not in result["missing"]


def test_english_reasons(evaluate):
    result = evaluate("enkeltydelse", COMPLETE, ON, language="en")

    texts = [reason["text"] for reason in result["reasons"]]
    assert texts[0].startswith("You have applied for DKK 3,500. A caseworker looks at three")
    assert texts[1] == "A caseworker always decides this kind of case."


def test_the_definition_keeps_people_in_charge():
    definition = read_definition(Path(settings.SERVICES_DIR) / "enkeltydelse.yaml")

    assert definition.automation == "none"
    assert definition.stakes == "high"
    assert definition.consultation_before_rejection
    assert all(rule.amount is None for rule in definition.rules)
    assert {rule.outcome for rule in definition.rules} == {"refer_to_caseworker"}
    assert all(not attachment.required for attachment in definition.attachments)
