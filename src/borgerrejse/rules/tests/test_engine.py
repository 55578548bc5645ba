"""The engine's guarantees, on small rule sets written for each case."""

import datetime as dt
from typing import Any

import pytest

from borgerrejse.rules.definitions import RuleSet
from borgerrejse.rules.engine import CompiledRuleSet

ON = dt.date(2025, 3, 1)


def text(da: str, en: str | None = None) -> dict[str, str]:
    return {"da": da, "en": en or da}


def rule(rule_id: str, **effect: Any) -> dict[str, Any]:
    return {
        "id": rule_id,
        "reason": text(f"Grund {rule_id}", f"Reason {rule_id}"),
        "legal_basis": "§ 1",
        **effect,
    }


def compile_rules(
    rules: list[dict[str, Any]],
    *,
    facts: list[dict[str, Any]] | None = None,
    automation: str = "grant_only",
    amount_kind: str | None = None,
    parameters: dict[str, Any] | None = None,
    derived: dict[str, Any] | None = None,
) -> CompiledRuleSet:
    return CompiledRuleSet(
        RuleSet.model_validate(
            {
                "legal_basis": "Testloven",
                "automation": automation,
                "amount_kind": amount_kind,
                "facts": facts
                or [
                    {"name": "age", "type": "integer", "label": text("Alder", "Age")},
                    {"name": "wealth", "type": "money", "label": text("Formue", "Wealth")},
                ],
                "parameters": parameters or {},
                "derived": derived or {},
                "rules": rules,
            }
        )
    )


def test_a_missing_fact_refers_and_names_it():
    rules = compile_rules([rule("adult", when="age >= 18", outcome="grant")])

    result = rules.evaluate({}, on=ON)

    assert result.outcome.value == "refer_to_caseworker"
    assert result.proposed_outcome.value == "refer_to_caseworker"
    assert result.missing == ("age",)
    assert "»Alder«" in result.reasons[0].text.da
    assert "“Age”" in result.reasons[0].text.en


def test_a_missing_fact_refers_even_when_another_rule_grants():
    rules = compile_rules(
        [
            rule("always", outcome="grant"),
            rule("rich", when="wealth > 100", outcome="reject"),
        ]
    )

    result = rules.evaluate({"age": 30}, on=ON)

    assert result.outcome.value == "refer_to_caseworker"
    assert result.missing == ("wealth",)


def test_a_fact_needed_only_on_an_untaken_branch_is_not_missing():
    rules = compile_rules([rule("child", when="age < 18 || wealth > 0", outcome="grant")])

    assert rules.evaluate({"age": 10}, on=ON).outcome.value == "grant"
    assert rules.evaluate({"age": 30}, on=ON).missing == ("wealth",)


@pytest.mark.parametrize("unknown", [None, "", "unknown", "ved_ikke", "  "])
def test_unknown_answers_count_as_missing(unknown):
    rules = compile_rules([rule("adult", when="age >= 18", outcome="grant")])

    assert rules.evaluate({"age": unknown}, on=ON).missing == ("age",)


@pytest.mark.parametrize("bad", ["ten", 1.5, True, [18], {"a": 1}, 10**13])
def test_invalid_answers_are_missing_and_listed_as_invalid(bad):
    rules = compile_rules([rule("adult", when="age >= 18", outcome="grant")])

    result = rules.evaluate({"age": bad}, on=ON)

    assert result.outcome.value == "refer_to_caseworker"
    assert result.invalid == ("age",)
    assert result.missing == ("age",)


def test_automation_never_rejects():
    rules = compile_rules([rule("no", outcome="reject")])

    result = rules.evaluate({}, on=ON)

    assert result.outcome.value == "refer_to_caseworker"
    assert result.proposed_outcome.value == "reject"
    assert result.reasons[-1].rule_id == "automation_grant_only"


def test_a_zero_benefit_is_referred_with_the_grant_proposed():
    rules = compile_rules(
        [rule("yes", outcome="grant"), rule("nothing", amount="0")], amount_kind="benefit"
    )

    result = rules.evaluate({}, on=ON)

    assert result.outcome.value == "refer_to_caseworker"
    assert result.proposed_outcome.value == "grant"
    assert result.amount_ore == 0


def test_a_zero_fee_is_a_grant():
    rules = compile_rules(
        [rule("yes", outcome="grant"), rule("free", amount="0")], amount_kind="fee"
    )

    result = rules.evaluate({}, on=ON)

    assert result.outcome.value == "grant"
    assert result.amount_dkk is not None and result.amount_dkk.is_zero()


def test_no_amount_rule_applying_refers_when_an_amount_is_expected():
    rules = compile_rules(
        [rule("yes", outcome="grant"), rule("fee", when="age > 200", amount="100")],
        amount_kind="fee",
    )

    result = rules.evaluate({"age": 30}, on=ON)

    assert result.outcome.value == "refer_to_caseworker"
    assert result.amount_ore is None


def test_partial_grant_is_an_automatic_grant_with_its_proposal_kept():
    rules = compile_rules([rule("part", outcome="partial_grant")])

    result = rules.evaluate({}, on=ON)

    assert (result.outcome.value, result.proposed_outcome.value) == ("grant", "partial_grant")


def test_policy_none_always_refers_but_keeps_the_proposal():
    rules = compile_rules([rule("yes", outcome="grant")], automation="none")

    result = rules.evaluate({}, on=ON)

    assert result.outcome.value == "refer_to_caseworker"
    assert result.proposed_outcome.value == "grant"


def test_the_most_cautious_outcome_wins():
    rules = compile_rules(
        [
            rule("yes", outcome="grant"),
            rule("look", when="age > 60", outcome="refer_to_caseworker"),
            rule("part", when="age > 50", outcome="partial_grant"),
        ]
    )

    assert rules.evaluate({"age": 55}, on=ON).proposed_outcome.value == "partial_grant"
    assert rules.evaluate({"age": 65}, on=ON).proposed_outcome.value == "refer_to_caseworker"
    assert rules.evaluate({"age": 20}, on=ON).proposed_outcome.value == "grant"


def test_no_rule_applying_refers():
    rules = compile_rules([rule("adult", when="age >= 18", outcome="grant")])

    result = rules.evaluate({"age": 5}, on=ON)

    assert result.outcome.value == "refer_to_caseworker"
    assert result.reasons[0].rule_id == "no_rule_applies"


def test_an_evaluation_error_refers_and_is_traced():
    rules = compile_rules([rule("odd", when="100 / (age - age) > 1", outcome="grant")])

    result = rules.evaluate({"age": 5}, on=ON)

    assert result.outcome.value == "refer_to_caseworker"
    assert result.reasons[0].rule_id == "evaluation_error"
    assert result.trace[0].status == "error"
    assert "division by zero" in (result.trace[0].error or "")


def test_a_condition_that_is_not_boolean_is_an_error():
    rules = compile_rules([rule("weird", when="age", outcome="grant")])

    assert rules.evaluate({"age": 5}, on=ON).trace[0].status == "error"


def test_parameters_follow_the_decision_date():
    rules = compile_rules(
        [rule("yes", outcome="grant"), rule("pay", amount="max_amount")],
        amount_kind="benefit",
        parameters={
            "max_amount": {"type": "money", "values": {"2024-01-01": 100, "2025-01-01": 120.5}}
        },
    )

    assert rules.evaluate({}, on=dt.date(2024, 12, 31)).amount_ore == 100_00
    assert rules.evaluate({}, on=dt.date(2025, 1, 1)).amount_ore == 120_50


def test_a_parameter_without_a_value_on_the_date_refers():
    rules = compile_rules(
        [rule("yes", outcome="grant"), rule("pay", amount="max_amount")],
        amount_kind="benefit",
        parameters={"max_amount": {"type": "money", "values": {"2025-01-01": 100}}},
    )

    result = rules.evaluate({}, on=dt.date(2024, 6, 1))

    assert result.outcome.value == "refer_to_caseworker"


def test_the_first_amount_rule_that_holds_decides():
    rules = compile_rules(
        [
            rule("yes", outcome="grant"),
            rule("child", when="age < 18", amount="1000"),
            rule("adult", amount="2000"),
            rule("never", when="wealth > 0", amount="3000"),
        ],
        amount_kind="fee",
    )

    result = rules.evaluate({"age": 10}, on=ON)

    assert result.amount_ore == 1000
    assert [entry.status for entry in result.trace] == [
        "true",
        "true",
        "not_reached",
        "not_reached",
    ]
    # `never` reads a missing fact but is never reached, so nothing is missing.
    assert result.outcome.value == "grant"


def test_an_amount_rule_with_a_missing_fact_stops_later_amount_rules():
    rules = compile_rules(
        [
            rule("yes", outcome="grant"),
            rule("rich", when="wealth > 100", amount="0"),
            rule("default", amount="2000"),
        ],
        amount_kind="fee",
    )

    result = rules.evaluate({}, on=ON)

    assert result.outcome.value == "refer_to_caseworker"
    assert result.amount_ore is None
    assert result.missing == ("wealth",)


def test_negative_or_fractional_amounts_are_errors():
    for formula in ("-1", "1.5"):
        rules = compile_rules(
            [rule("yes", outcome="grant"), rule("pay", amount=formula)], amount_kind="fee"
        )
        assert rules.evaluate({}, on=ON).outcome.value == "refer_to_caseworker"


def test_derived_values_carry_the_facts_they_miss():
    rules = compile_rules(
        [rule("ok", when="surplus < 1000", outcome="grant")],
        derived={"surplus": {"type": "money", "expr": "wealth - 50000"}},
    )

    result = rules.evaluate({}, on=ON)

    assert result.missing == ("wealth",)
    assert result.trace[0].status == "missing"


def test_trace_and_reasons_show_the_facts_read_through_derived_values():
    rules = compile_rules(
        [rule("ok", when="surplus < 0", outcome="grant")],
        derived={"surplus": {"type": "money", "expr": "wealth - limit"}},
        parameters={"limit": {"type": "money", "values": {"2024-01-01": 500}}},
    )

    result = rules.evaluate({"wealth": "400,50"}, on=ON)

    assert result.trace[0].reads == {"wealth": "400.50", "limit": "500.00"}
    assert result.trace[1].reads == {"surplus": "-99.50"}
    assert result.reasons[0].facts == {"surplus": "-99.50", "wealth": "400.50", "limit": "500.00"}


def test_reason_templates_render_per_language():
    rules = compile_rules(
        [
            {
                "id": "pay",
                "amount": "wealth",
                "reason": text(
                    "Du får {amount} fra {decision_date}.", "You get {amount} from {decision_date}."
                ),
                "legal_basis": "§ 2",
            },
            rule("yes", outcome="grant"),
        ],
        amount_kind="benefit",
    )

    result = rules.evaluate({"wealth": "12.950"}, on=ON)

    assert result.reasons[0].text.da == "Du får 12.950 kr. fra 1. marts 2025."
    assert result.reasons[0].text.en == "You get DKK 12,950 from 1 March 2025."


@pytest.mark.parametrize(
    ("raw", "ore"),
    [
        (12950, 1_295_000),
        ("12950", 1_295_000),
        ("12.950", 1_295_000),
        ("12.950,50", 1_295_050),
        ("12950,5", 1_295_050),
        ("12950.50", 1_295_050),
        (12950.5, 1_295_050),
        ("1.000.000", 100_000_000),
        ("12 950 kr.", 1_295_000),
        ("-500", -50_000),
    ],
)
def test_money_answers_as_people_write_them(raw, ore):
    rules = compile_rules(
        [rule("yes", outcome="grant"), rule("pay", amount="max(0, wealth)")], amount_kind="fee"
    )

    result = rules.evaluate({"wealth": raw}, on=ON)

    assert result.trace[1].reads == {"wealth": f"{ore / 100:.2f}"}


@pytest.mark.parametrize("raw", ["12,950.50", "abc", "1,2,3", "0.001", float("nan"), float("inf")])
def test_unreadable_money_is_invalid(raw):
    rules = compile_rules([rule("rich", when="wealth > 0", outcome="grant")])

    assert rules.evaluate({"wealth": raw}, on=ON).invalid == ("wealth",)


def test_answer_text_is_data_not_code():
    rules = compile_rules(
        [rule("named", when='name == "x"', outcome="grant")],
        facts=[{"name": "name", "type": "text", "label": text("Navn")}],
    )

    result = rules.evaluate({"name": '__import__("os").system("true")'}, on=ON)

    assert result.outcome.value == "refer_to_caseworker"
    assert result.trace[0].status == "false"


def test_a_rule_reading_a_parameter_without_a_value_is_an_error_not_a_silent_skip():
    rules = compile_rules(
        [
            rule("yes", outcome="grant"),
            rule("young", when="age < limit", outcome="reject"),
        ],
        parameters={"limit": {"type": "integer", "values": {"2026-01-01": 18}}},
    )

    result = rules.evaluate({"age": 10}, on=ON)

    assert result.outcome.value == "refer_to_caseworker"
    assert result.reasons[0].rule_id == "evaluation_error"
    assert result.trace[1].error == "no value on 2025-03-01 for: limit"


def test_a_reason_that_cannot_be_filled_in_refers():
    rules = compile_rules(
        [
            {
                "id": "yes",
                "outcome": "grant",
                "reason": text("Gælder til {until}."),
                "legal_basis": "§ 1",
            }
        ],
        parameters={"until": {"type": "date", "values": {"2026-01-01": "2027-01-01"}}},
    )

    assert rules.evaluate({}, on=ON).outcome.value == "refer_to_caseworker"
    granted = rules.evaluate({}, on=dt.date(2026, 6, 1))
    assert granted.outcome.value == "grant"
    assert granted.reasons[0].text.da == "Gælder til 1. januar 2027."


def test_values_shown_in_a_reason_are_facts_it_rests_on():
    rules = compile_rules(
        [
            {
                "id": "yes",
                "outcome": "grant",
                "reason": text("Du er {age} år."),
                "legal_basis": "§ 1",
            }
        ]
    )

    result = rules.evaluate({"age": 40}, on=ON)

    assert result.reasons[0].facts == {"age": 40}
    assert rules.evaluate({}, on=ON).missing == ("age",)
