"""Bad definitions are rejected with messages that point at the exact problem."""

import pytest
from django.conf import settings

from borgerrejse.catalog.documents import DefinitionError, parse_definition

VALID = (settings.SERVICES_DIR / "sundhedskort.yaml").read_text(encoding="utf-8")


def problems_in(text: str) -> list[str]:
    with pytest.raises(DefinitionError) as caught:
        parse_definition(text, source="bad.yaml")
    return [str(problem) for problem in caught.value.problems]


def line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_the_reference_definition_is_valid():
    assert parse_definition(VALID, source="ok.yaml").slug == "sundhedskort"


def test_unknown_key_is_named_with_its_line():
    text = VALID.replace('    when: reason == "lost"\n', '    whenn: reason == "lost"\n')

    [problem] = problems_in(text)

    assert problem == f"bad.yaml:{line_of(text, 'whenn:')}: rules[1].whenn: unknown key 'whenn'"


def test_unknown_top_level_key():
    [problem] = problems_in(VALID + "stake: high\n")

    assert "stake: unknown key 'stake'" in problem


def test_cel_syntax_error_points_at_the_rule():
    text = VALID.replace('when: reason == "lost"', 'when: reason == "lost" &&')

    [problem] = problems_in(text)

    line = line_of(text, '"lost" &&')
    assert problem.startswith(f"bad.yaml:{line}: rules[1].when:")
    assert "rule 'fee_lost': CEL syntax error" in problem


def test_rule_reading_an_undefined_field():
    text = VALID.replace('when: reason == "lost"', 'when: reasn == "lost"')

    [problem] = problems_in(text)

    assert problem.endswith("rules[1].when: rule 'fee_lost' reads undefined field 'reasn'")


def test_rule_calling_an_unknown_function():
    text = VALID.replace('when: reason == "lost"', 'when: lower(reason) == "lost"')

    [problem] = problems_in(text)

    assert problem.endswith("rule 'fee_lost' calls unknown function 'lower'")


def test_derived_value_reading_an_undefined_field():
    text = VALID.replace(
        "expr: years_between(card_issued_on, decision_date)",
        "expr: years_between(card_issued, decision_date)",
    )

    [problem] = problems_in(text)

    assert "derived.card_age_years.expr: derived value 'card_age_years' reads undefined " in problem


def test_overlapping_parameter_dates():
    text = VALID.replace(
        "      2024-01-01: 225\n", "      2024-01-01: 225\n      2024-01-01: 250\n"
    )

    [problem] = problems_in(text)

    assert problem.startswith(f"bad.yaml:{line_of(text, '2024-01-01: 250')}:")
    assert problem.endswith(
        "YAML: the key '2024-01-01' appears twice (for dated values this is an overlap)"
    )


def test_missing_parameter_dates():
    text = VALID.replace("      2024-01-01: 225\n", "      2024-06-01: 225\n")

    [problem] = problems_in(text)

    assert "parameters.replacement_fee.values:" in problem
    assert "no value from 2024-01-01" in problem
    assert "until 2024-06-01" in problem


def test_missing_danish_text():
    text = VALID.replace("  da: Nyt sundhedskort\n", "")

    [problem] = problems_in(text)

    assert problem == f"bad.yaml:{line_of(text, 'title:')}: title.da: missing Danish text"


def test_empty_danish_reason():
    text = VALID.replace("      da: Du får et nyt sundhedskort.\n", '      da: ""\n')

    [problem] = problems_in(text)

    assert problem.endswith("rules[0].reason.da: the Danish text is empty")


def test_placeholder_that_names_nothing():
    text = VALID.replace("Et nyt kort koster {amount}.", "Et nyt kort koster {fee}.", 1)

    [problem] = problems_in(text)

    assert "uses {fee}, which is not a field, parameter or derived value" in problem


def test_show_if_reading_a_later_or_unknown_field():
    text = VALID.replace('show_if: reason == "damaged"', "show_if: marriage_date != null")

    [problem] = problems_in(text)

    assert "field 'card_issued_on' reads undefined field 'marriage_date'" in problem


def test_several_problems_are_all_reported():
    text = VALID.replace('when: reason == "lost"', 'when: reasn == "lost"').replace(
        "  da: Nyt sundhedskort\n", ""
    )

    # Schema errors come first: the rules are only checked once the document has its shape.
    assert len(problems_in(text)) == 1
    text = VALID.replace('when: reason == "lost"', 'when: reasn == "lost"').replace(
        'when: reason == "damaged" && card_age_years < free_if_older_than_years',
        "when: card_age < 4",
    )
    assert len(problems_in(text)) == 2


def test_yaml_syntax_error_has_a_line():
    [problem] = problems_in("slug: [unclosed\n")

    assert problem.startswith("bad.yaml:")
    assert "YAML" in problem
