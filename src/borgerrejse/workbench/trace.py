"""What the rules found at submission, and why, as a caseworker reads it.

The evaluation kept with the case carries a trace: every derived value and rule, its
result (met, not met, information missing, error) and the values it read. Here each name
gets the words the service definition gives it, and each value is written as people read
it ("21.700 kr.", "1. maj 1950", "ja").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from borgerrejse.cases.letters import fact_value_text
from borgerrejse.cases.models import Case
from borgerrejse.catalog.schema import ServiceDefinition
from borgerrejse.catalog.selectors import compiled_rules, service_definition
from borgerrejse.rules.definitions import PLACEHOLDER, LocalText
from borgerrejse.workbench.display import Line, kroner

# What the rules engine proposed, in a caseworker's words.
ENGINE_OUTCOMES: dict[str, Promise] = {
    "grant": gettext_lazy("Bevilling"),
    "partial_grant": gettext_lazy("Delvis bevilling"),
    "reject": gettext_lazy("Afslag"),
    "refer_to_caseworker": gettext_lazy("Sendt til en sagsbehandler"),
}

# A trace entry's result: the words, and the DKFDS badge that marks it.
TRACE_STATUSES: dict[str, tuple[Promise, str]] = {
    "true": (gettext_lazy("Opfyldt"), "badge-success"),
    "false": (gettext_lazy("Ikke opfyldt"), ""),
    "value": (gettext_lazy("Beregnet"), "badge-info"),
    "missing": (gettext_lazy("Mangler oplysninger"), "badge-warning"),
    "error": (gettext_lazy("Fejl"), "badge-error"),
    "not_reached": (gettext_lazy("Ikke prøvet"), ""),
}

# Names the engine reads that are not in the service definition.
_ENGINE_NAMES: dict[str, Promise] = {
    "decision_date": gettext_lazy("Afgørelsesdato"),
    "amount": gettext_lazy("Beløb"),
}


@dataclass(frozen=True)
class TraceLine:
    kind: str
    id: str
    label: str
    expression: str
    status: str
    status_badge: str
    value: str
    reads: tuple[Line, ...]
    missing: tuple[str, ...]
    error: str
    # What a rule says, its values filled in where the rule read them.
    description: str
    # The reason the rule gives, in words, when it held.
    reason: str


@dataclass(frozen=True)
class EvaluationView:
    outcome: str
    proposed_outcome: str
    amount: str
    reasons: tuple[Line, ...]  # text and legal basis
    missing: tuple[str, ...]
    invalid: tuple[str, ...]
    decision_date: str
    trace: tuple[TraceLine, ...]
    error: str


class _Names:
    """Labels, types and options of every name the rules read, for one service."""

    def __init__(self, case: Case, definition: ServiceDefinition, language: str) -> None:
        rule_set = definition.rule_set()
        self.language = language
        self.types = compiled_rules(case.service_version).value_types
        self.labels: dict[str, str] = {name: str(label) for name, label in _ENGINE_NAMES.items()}
        self.options: dict[str, Mapping[str, LocalText]] = {}
        for fact in rule_set.facts:
            self.labels[fact.name] = fact.label.get(language)
            self.options[fact.name] = fact.options
        for name, parameter in rule_set.parameters.items():
            if parameter.label is not None:
                self.labels[name] = parameter.label.get(language)
        for name, derived in rule_set.derived.items():
            if derived.label is not None:
                self.labels[name] = derived.label.get(language)

    def label(self, name: str) -> str:
        return self.labels.get(name, name)

    def has_label(self, name: str) -> bool:
        return name in self.labels

    def value(self, name: str, value: Any) -> str:
        if value is None:
            return _("Ved ikke")
        return fact_value_text(
            self.types.get(name), value, self.language, self.options.get(name, {})
        )

    def lines(self, values: Mapping[str, Any]) -> tuple[Line, ...]:
        return tuple(
            Line(self.label(name), self.value(name, value), code=not self.has_label(name))
            for name, value in values.items()
        )


def evaluation_view(case: Case, language: str) -> EvaluationView | None:
    """The evaluation kept from submission, for a person to read; None if there is none."""
    evaluation = case.evaluation
    if not evaluation:
        if case.evaluation_error:
            return EvaluationView(
                outcome="",
                proposed_outcome="",
                amount="",
                reasons=(),
                missing=(),
                invalid=(),
                decision_date="",
                trace=(),
                error=case.evaluation_error,
            )
        return None
    definition = service_definition(case.service_version)
    names = _Names(case, definition, language)
    reasons_by_rule = {
        reason.get("rule", ""): str(reason.get("text", "")) for reason in evaluation["reasons"]
    }
    rules = {rule.id: rule for rule in definition.rules}
    amount = evaluation.get("amount_dkk")
    trace = []
    for entry in evaluation.get("trace", []):
        status = str(entry.get("status", ""))
        status_label, badge = TRACE_STATUSES.get(status, (status, ""))
        value = entry.get("value")
        kind = entry.get("kind", "")
        name = str(entry.get("id", ""))
        if kind == "derived":
            value_text = names.value(name, value) if status == "value" else ""
            label = names.label(name) if names.has_label(name) else ""
            description = ""
        else:
            value_text = names.value("amount", value) if value is not None else ""
            label = ""
            rule = rules.get(name)
            description = (
                _rule_text(rule.reason.get(language), entry.get("reads", {}), names)
                if rule is not None
                else ""
            )
        trace.append(
            TraceLine(
                kind=kind,
                id=name,
                label=label,
                description=description,
                expression=entry.get("expression", ""),
                status=str(status_label),
                status_badge=badge,
                value=value_text,
                reads=names.lines(entry.get("reads", {})),
                missing=tuple(names.label(name) for name in entry.get("missing", [])),
                error=str(entry.get("error") or ""),
                reason=reasons_by_rule.get(entry.get("id", ""), "") if status == "true" else "",
            )
        )
    return EvaluationView(
        outcome=str(ENGINE_OUTCOMES.get(evaluation["outcome"], evaluation["outcome"])),
        proposed_outcome=str(
            ENGINE_OUTCOMES.get(evaluation["proposed_outcome"], evaluation["proposed_outcome"])
        ),
        amount=kroner(amount, language) if amount is not None else "",
        reasons=tuple(
            Line(str(reason.get("text", "")), str(reason.get("legal_basis", "")))
            for reason in evaluation.get("reasons", [])
        ),
        missing=tuple(names.label(name) for name in evaluation.get("missing", [])),
        invalid=tuple(names.label(name) for name in evaluation.get("invalid", [])),
        decision_date=names.value("decision_date", evaluation.get("decision_date")),
        trace=tuple(trace),
        error=case.evaluation_error,
    )


def _rule_text(template: str, reads: Mapping[str, Any], names: _Names) -> str:
    """A rule's reason as written in the definition, with "{name}" filled in: by the value
    the rule read, or else by what the name is called."""

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in reads:
            return names.value(name, reads[name])
        return f"»{names.label(name)}«"

    return PLACEHOLDER.sub(fill, template)
