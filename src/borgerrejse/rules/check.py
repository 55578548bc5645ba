"""Static checks of a rule set: everything that can be wrong before any citizen answers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from borgerrejse.rules.definitions import PLACEHOLDER, RuleSet
from borgerrejse.rules.expressions import (
    BUILTIN_FUNCTIONS,
    FUNCTIONS,
    Expression,
    ExpressionError,
)

BUILTIN_NAMES = frozenset({"decision_date"})


@dataclass(frozen=True)
class Problem:
    """One problem, located by its path in the document (e.g. `rules[2].when`)."""

    path: tuple[str | int, ...]
    message: str


def check_rule_set(
    rule_set: RuleSet, *, valid_from: dt.date, base_path: tuple[str | int, ...] = ()
) -> list[Problem]:
    problems: list[Problem] = []
    known = set(BUILTIN_NAMES) | {fact.name for fact in rule_set.facts}
    known |= set(rule_set.parameters)

    for name, parameter in rule_set.parameters.items():
        first = next(iter(parameter.values))
        if first > valid_from:
            problems.append(
                Problem(
                    (*base_path, "parameters", name, "values"),
                    f"parameter {name!r} has no value from {valid_from} (the service's "
                    f"valid_from) until {first}: add a value dated {valid_from} or earlier",
                )
            )
        if name in {fact.name for fact in rule_set.facts}:
            problems.append(
                Problem(
                    (*base_path, "parameters", name),
                    f"parameter {name!r} has the same name as a form field",
                )
            )

    for name, derived in rule_set.derived.items():
        path = (*base_path, "derived", name, "expr")
        problems += _check_expression(derived.expr, path, f"derived value {name!r}", known)
        if name in known:
            problems.append(Problem(path[:-1], f"derived value {name!r} reuses a name in use"))
        known.add(name)

    seen: set[str] = set()
    placeholders = known | {"amount"}
    for index, rule in enumerate(rule_set.rules):
        path = (*base_path, "rules", index)
        what = f"rule {rule.id!r}"
        if rule.id in seen:
            problems.append(Problem((*path, "id"), f"{what} appears more than once"))
        seen.add(rule.id)
        problems += _check_expression(rule.when, (*path, "when"), what, known)
        if rule.amount is not None:
            problems += _check_expression(rule.amount, (*path, "amount"), what, known)
        for language in ("da", "en"):
            template = getattr(rule.reason, language)
            for placeholder in PLACEHOLDER.findall(template):
                if placeholder not in placeholders:
                    problems.append(
                        Problem(
                            (*path, "reason", language),
                            f"{what}: the reason uses {{{placeholder}}}, which is not a field, "
                            "parameter or derived value",
                        )
                    )
    if not any(rule.outcome is not None for rule in rule_set.rules):
        problems.append(Problem((*base_path, "rules"), "no rule has an outcome"))
    return problems


def _check_expression(
    source: str, path: tuple[str | int, ...], what: str, known: set[str]
) -> list[Problem]:
    try:
        expression = Expression.compile(source)
    except ExpressionError as error:
        return [Problem(path, f"{what}: {error}")]
    problems = [
        Problem(path, f"{what} reads undefined field {name!r}")
        for name in sorted(expression.names - known)
    ]
    problems += [
        Problem(path, f"{what} calls unknown function {name!r}")
        for name in sorted(expression.functions - set(FUNCTIONS) - BUILTIN_FUNCTIONS)
    ]
    return problems
