"""Property tests over every service in the catalogue: arbitrary answers never crash the
engine, evaluation is deterministic, a missing fact never grants, automation never rejects."""

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from borgerrejse.catalog.documents import read_definition
from borgerrejse.rules.engine import CompiledRuleSet

SERVICES = {
    path.stem: CompiledRuleSet(read_definition(path).rule_set())
    for path in sorted(Path(settings.SERVICES_DIR).glob("*.yaml"))
}

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)).map(dt.date.isoformat),
    st.sampled_from(["", "unknown", "ja", "nej", "true", "12.950,50", "lost", "damaged"]),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=5,
)


def answers_for(rules: CompiledRuleSet) -> st.SearchStrategy[dict]:
    """Answers that mix valid options for choice fields with arbitrary junk."""
    per_fact = {}
    for name, fact in rules.facts.items():
        options = st.sampled_from(sorted(fact.options)) if fact.options else st.nothing()
        per_fact[name] = st.one_of(values, options)
    return st.fixed_dictionaries({}, optional=per_fact) | st.dictionaries(
        st.text(max_size=10), values, max_size=4
    )


@pytest.mark.parametrize("slug", sorted(SERVICES))
def test_evaluation_is_deterministic_and_safe(slug):
    rules = SERVICES[slug]

    @hypothesis_settings(max_examples=150, deadline=None)
    @given(
        answers=answers_for(rules),
        on=st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2030, 12, 31)),
    )
    def check(answers, on):
        first = rules.evaluate(answers, on=on).as_dict()
        second = rules.evaluate(answers, on=on).as_dict()

        assert first == second
        assert first["outcome"] in {"grant", "refer_to_caseworker"}
        if first["missing"]:
            assert first["outcome"] == "refer_to_caseworker"
        if first["outcome"] == "grant":
            assert first["proposed_outcome"] in {"grant", "partial_grant"}
            if first["amount_kind"] == "benefit":
                assert first["amount_dkk"] is not None and float(first["amount_dkk"]) > 0

    check()
