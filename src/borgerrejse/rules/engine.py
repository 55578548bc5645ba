"""Evaluate a rule set against a citizen's answers and explain the result.

Two guarantees matter more than anything else here:

- A missing or unusable answer that a rule needs never defaults to anything: the
  result is `refer_to_caseworker`, naming what is missing.
- Automation never rejects. Under `grant_only`, anything but a grant (including a zero
  benefit) is referred to a caseworker, with the rules' own outcome kept as proposed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property
from typing import Any

import cel

from borgerrejse.rules.answers import normalise_answers
from borgerrejse.rules.definitions import (
    PLACEHOLDER,
    AmountKind,
    AutomationPolicy,
    Fact,
    LocalText,
    Outcome,
    RuleSet,
    ValueType,
)
from borgerrejse.rules.expressions import FUNCTIONS, Expression, date_value
from borgerrejse.rules.presentation import display_value, json_value

# The most cautious outcome wins when several rules apply.
_CAUTION = {
    Outcome.GRANT: 0,
    Outcome.PARTIAL_GRANT: 1,
    Outcome.REFER: 2,
    Outcome.REJECT: 3,
}
_GRANTS = {Outcome.GRANT, Outcome.PARTIAL_GRANT}

_MISSING_TEXT = LocalText(
    da="Vi kan ikke afgøre sagen med det samme uden svar på {missing}. "
    "En sagsbehandler ser på sagen.",
    en="We cannot decide the case at once without an answer to {missing}. "
    "A caseworker will look at it.",
)
_ERROR_TEXT = LocalText(
    da="Vi kunne ikke beregne afgørelsen automatisk. En sagsbehandler ser på sagen.",
    en="We could not work out the decision automatically. A caseworker will look at it.",
)
_NO_RULE_TEXT = LocalText(
    da="Dine svar passer ikke på en regel, der kan afgøres automatisk. "
    "En sagsbehandler ser på sagen.",
    en="Your answers do not fit a rule that can be decided automatically. "
    "A caseworker will look at it.",
)
_PERSON_DECIDES_TEXT = LocalText(
    da="Denne sag afgøres altid af en sagsbehandler.",
    en="A caseworker always decides this kind of case.",
)
_ONLY_GRANTS_TEXT = LocalText(
    da="Vi giver kun automatisk svar, når du kan få det, du har søgt om. "
    "En sagsbehandler ser på sagen og kontakter dig.",
    en="We only answer automatically when you can get what you applied for. "
    "A caseworker will look at the case and contact you.",
)


@dataclass(frozen=True)
class Reason:
    """One reason for the result, with its legal basis and the facts it rests on."""

    rule_id: str
    text: LocalText
    legal_basis: str
    facts: Mapping[str, Any] = field(default_factory=dict)

    def as_dict(self, language: str) -> dict[str, Any]:
        return {
            "rule": self.rule_id,
            "text": self.text.get(language),
            "legal_basis": self.legal_basis,
            "facts": dict(self.facts),
        }


@dataclass(frozen=True)
class TraceEntry:
    """What one derived value or rule did: its result and the values it read."""

    kind: str
    id: str
    expression: str
    status: str  # true, false, value, missing, error or not_reached
    value: Any = None
    reads: Mapping[str, Any] = field(default_factory=dict)
    missing: tuple[str, ...] = ()
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "kind": self.kind,
            "id": self.id,
            "expression": self.expression,
            "status": self.status,
            "value": self.value,
            "reads": dict(self.reads),
        }
        if self.missing:
            entry["missing"] = list(self.missing)
        if self.error:
            entry["error"] = self.error
        return entry


@dataclass(frozen=True)
class Evaluation:
    outcome: Outcome
    proposed_outcome: Outcome
    amount_ore: int | None
    amount_kind: AmountKind | None
    reasons: tuple[Reason, ...]
    missing: tuple[str, ...]
    invalid: tuple[str, ...]
    trace: tuple[TraceEntry, ...]
    decision_date: dt.date

    @property
    def amount_dkk(self) -> Decimal | None:
        return None if self.amount_ore is None else Decimal(self.amount_ore).scaleb(-2)

    def as_dict(self, language: str = "da") -> dict[str, Any]:
        amount = self.amount_dkk
        return {
            "outcome": self.outcome.value,
            "proposed_outcome": self.proposed_outcome.value,
            "amount_dkk": None if amount is None else str(amount),
            "amount_kind": None if self.amount_kind is None else self.amount_kind.value,
            "reasons": [reason.as_dict(language) for reason in self.reasons],
            "missing": list(self.missing),
            "invalid": list(self.invalid),
            "decision_date": self.decision_date.isoformat(),
            "trace": [entry.as_dict() for entry in self.trace],
        }


class _Unavailable(Exception):
    """An expression needed a value that is missing, invalid or failed to compute."""


class CompiledRuleSet:
    """A rule set with every expression compiled once, ready to evaluate many times."""

    def __init__(self, rule_set: RuleSet) -> None:
        self.rule_set = rule_set
        self.facts: dict[str, Fact] = {fact.name: fact for fact in rule_set.facts}
        self.derived = {
            name: Expression.compile(value.expr) for name, value in rule_set.derived.items()
        }
        self.conditions = {rule.id: Expression.compile(rule.when) for rule in rule_set.rules}
        self.amounts = {
            rule.id: Expression.compile(rule.amount)
            for rule in rule_set.rules
            if rule.amount is not None
        }

    @cached_property
    def value_types(self) -> dict[str, ValueType]:
        types: dict[str, ValueType] = {"decision_date": ValueType.DATE, "amount": ValueType.MONEY}
        for fact in self.rule_set.facts:
            types[fact.name] = _FACT_VALUE_TYPES[fact.type]
        for name, parameter in self.rule_set.parameters.items():
            types[name] = ValueType(parameter.type.value)
        for name, derived in self.rule_set.derived.items():
            types[name] = derived.type
        return types

    def evaluate(self, answers: Mapping[str, Any], *, on: dt.date) -> Evaluation:
        return _Run(self, answers, on).evaluate()


_FACT_VALUE_TYPES = {
    "text": ValueType.TEXT,
    "choice": ValueType.TEXT,
    "date": ValueType.DATE,
    "money": ValueType.MONEY,
    "integer": ValueType.INTEGER,
    "boolean": ValueType.BOOLEAN,
}


class _Run:
    """One evaluation: the values known so far and what each expression read."""

    def __init__(self, compiled: CompiledRuleSet, answers: Mapping[str, Any], on: dt.date):
        self.compiled = compiled
        self.rule_set = compiled.rule_set
        self.on = on
        normalised = normalise_answers(compiled.facts, answers)
        self.values: dict[str, Any] = dict(normalised.values)
        self.values["decision_date"] = date_value(on)
        # For every name that cannot be read: the facts whose absence caused it.
        self.unavailable: dict[str, frozenset[str]] = {
            name: frozenset({name}) for name in (*normalised.missing, *normalised.invalid)
        }
        self.invalid = normalised.invalid
        for name, parameter in self.rule_set.parameters.items():
            value = parameter.value_on(on)
            if value is None:
                self.unavailable[name] = frozenset()
            else:
                self.values[name] = date_value(value) if parameter.type is ValueType.DATE else value
        self.trace: list[TraceEntry] = []
        self.derived_reads: dict[str, dict[str, Any]] = {}
        self.reads: list[str] = []
        self.context = cel.Context(functions=FUNCTIONS)
        self.context.set_variable_resolver(self._resolve)

    def _resolve(self, name: str) -> Any:
        self.reads.append(name)
        return self.values.get(name)

    def _run(self, expression: Expression) -> tuple[Any, dict[str, Any]]:
        """Execute one expression; return its value and the values it read."""
        self.reads = []
        try:
            value = expression.program.execute(self.context)
        except RuntimeError as error:
            if any(name in self.unavailable for name in self.reads):
                raise _Unavailable from None
            raise _EvaluationError(str(error)) from None
        except (TypeError, ValueError, ArithmeticError) as error:
            raise _EvaluationError(str(error)) from None
        return value, {name: self.values[name] for name in self.reads if name in self.values}

    def _no_value(self) -> str:
        names = sorted(name for name in self.reads if self.unavailable.get(name) == frozenset())
        return f"no value on {self.on} for: {', '.join(names)}"

    def _missing_facts(self) -> tuple[str, ...]:
        names: set[str] = set()
        for name in self.reads:
            names |= self.unavailable.get(name, frozenset())
        return tuple(sorted(names))

    def _facts_used(self, reads: Mapping[str, Any]) -> dict[str, Any]:
        """The values read, with derived values expanded into what they were computed from."""
        used = dict(reads)
        for name in reads:
            if name in self.derived_reads:
                used |= self._facts_used(self.derived_reads[name])
        return used

    def _display_reads(self, reads: Mapping[str, Any]) -> dict[str, Any]:
        types = self.compiled.value_types
        return {name: json_value(types.get(name), value) for name, value in reads.items()}

    def evaluate(self) -> Evaluation:
        self._compute_derived()
        outcomes, amount, reasons, missing, failed = self._apply_rules()
        # Rendered after all rules ran, so an outcome's reason can name the amount.
        rendered = [self._render(reason) for reason in reasons]
        reasons = [reason for reason, _ in rendered]
        for _, unfilled in rendered:
            # A reason that cannot be written in full is no reason: it needs a person.
            facts = {name for name in unfilled if name in self.compiled.facts}
            missing |= facts
            failed = failed or len(facts) < len(unfilled)
        proposed, referral_reasons = self._propose(outcomes, missing, failed)
        if referral_reasons:
            # Nothing was decided, so the reasons explain the referral, not the rules that held.
            reasons = referral_reasons
        outcome, policy_reason = self._apply_policy(proposed, amount)
        if policy_reason is not None:
            reasons.append(policy_reason)
        return Evaluation(
            outcome=outcome,
            proposed_outcome=proposed,
            amount_ore=amount,
            amount_kind=self.rule_set.amount_kind,
            reasons=tuple(reasons),
            missing=tuple(sorted(missing)),
            invalid=tuple(sorted(self.invalid)),
            trace=tuple(self.trace),
            decision_date=self.on,
        )

    def _compute_derived(self) -> None:
        for name, expression in self.compiled.derived.items():
            try:
                value, reads = self._run(expression)
            except _Unavailable:
                missing = self._missing_facts()
                self.unavailable[name] = frozenset(missing)
                self.trace.append(
                    TraceEntry("derived", name, expression.source, "missing", missing=missing)
                )
                continue
            except _EvaluationError as error:
                self.unavailable[name] = frozenset()
                self.trace.append(
                    TraceEntry("derived", name, expression.source, "error", error=str(error))
                )
                continue
            self.values[name] = value
            self.derived_reads[name] = reads
            self.trace.append(
                TraceEntry(
                    "derived",
                    name,
                    expression.source,
                    "value",
                    value=json_value(self.compiled.value_types[name], value),
                    reads=self._display_reads(reads),
                )
            )

    def _apply_rules(
        self,
    ) -> tuple[list[Outcome], int | None, list[Reason], set[str], bool]:
        outcomes: list[Outcome] = []
        amount: int | None = None
        amount_decided = False
        reasons: list[Reason] = []
        missing: set[str] = set()
        failed = False
        for rule in self.rule_set.rules:
            is_amount_rule = rule.amount is not None
            condition = self.compiled.conditions[rule.id]
            if is_amount_rule and amount_decided:
                self.trace.append(TraceEntry("rule", rule.id, condition.source, "not_reached"))
                continue
            try:
                holds, reads = self._run(condition)
                if not isinstance(holds, bool):
                    raise _EvaluationError(f"the condition gave {holds!r}, not true or false")
                value = None
                if holds and is_amount_rule:
                    value, amount_reads = self._run(self.compiled.amounts[rule.id])
                    reads |= amount_reads
                    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                        raise _EvaluationError(f"the amount gave {value!r}, not whole øre ≥ 0")
            except _Unavailable:
                names = self._missing_facts()
                if not names:
                    # Not a missing answer but a parameter with no value on the date.
                    failed = True
                    self.trace.append(
                        TraceEntry(
                            "rule", rule.id, condition.source, "error", error=self._no_value()
                        )
                    )
                    amount_decided = amount_decided or is_amount_rule
                    continue
                missing.update(names)
                self.trace.append(
                    TraceEntry("rule", rule.id, condition.source, "missing", missing=names)
                )
                if is_amount_rule:
                    # Which amount rule applies is now unknown, so no later one may decide.
                    amount_decided = True
                continue
            except _EvaluationError as error:
                failed = True
                self.trace.append(
                    TraceEntry("rule", rule.id, condition.source, "error", error=str(error))
                )
                amount_decided = amount_decided or is_amount_rule
                continue
            display_reads = self._display_reads(reads)
            self.trace.append(
                TraceEntry(
                    "rule",
                    rule.id,
                    condition.source,
                    "true" if holds else "false",
                    value=json_value(ValueType.MONEY, value) if value is not None else None,
                    reads=display_reads,
                )
            )
            if not holds:
                continue
            if is_amount_rule:
                amount, amount_decided = value, True
                self.values["amount"] = value
            elif rule.outcome is not None:
                outcomes.append(rule.outcome)
            reasons.append(
                Reason(
                    rule_id=rule.id,
                    text=rule.reason,
                    legal_basis=rule.legal_basis,
                    facts=self._display_reads(self._facts_used(reads)),
                )
            )
        return outcomes, amount, reasons, missing, failed

    def _propose(
        self, outcomes: list[Outcome], missing: set[str], failed: bool
    ) -> tuple[Outcome, list[Reason]]:
        basis = self.rule_set.legal_basis
        if missing:
            labels = ", ".join(f"»{self._fact_label(name, 'da')}«" for name in sorted(missing))
            labels_en = ", ".join(f"“{self._fact_label(name, 'en')}”" for name in sorted(missing))
            text = LocalText(
                da=_MISSING_TEXT.da.replace("{missing}", labels),
                en=_MISSING_TEXT.en.replace("{missing}", labels_en),
            )
            return Outcome.REFER, [
                Reason("missing_facts", text, basis, {"missing": sorted(missing)})
            ]
        if failed:
            return Outcome.REFER, [Reason("evaluation_error", _ERROR_TEXT, basis)]
        if not outcomes:
            return Outcome.REFER, [Reason("no_rule_applies", _NO_RULE_TEXT, basis)]
        return max(outcomes, key=_CAUTION.__getitem__), []

    def _apply_policy(self, proposed: Outcome, amount: int | None) -> tuple[Outcome, Reason | None]:
        basis = self.rule_set.legal_basis
        if self.rule_set.automation is AutomationPolicy.NONE:
            return Outcome.REFER, Reason("automation_none", _PERSON_DECIDES_TEXT, basis)
        if proposed not in _GRANTS:
            if proposed is Outcome.REFER:
                return Outcome.REFER, None
            return Outcome.REFER, Reason("automation_grant_only", _ONLY_GRANTS_TEXT, basis)
        kind = self.rule_set.amount_kind
        no_amount = kind is not None and amount is None
        zero_benefit = kind is AmountKind.BENEFIT and not amount
        if no_amount or zero_benefit:
            return Outcome.REFER, Reason("automation_grant_only", _ONLY_GRANTS_TEXT, basis)
        return Outcome.GRANT, None

    def _fact_label(self, name: str, language: str) -> str:
        fact = self.compiled.facts.get(name)
        return fact.label.get(language) if fact else name

    def _render(self, reason: Reason) -> tuple[Reason, set[str]]:
        """Fill in a reason's placeholders; the values shown become facts it rests on.

        Returns the reason and the placeholders that had no value.
        """
        types = self.compiled.value_types
        shown: dict[str, Any] = {}
        unfilled: set[str] = set()

        def render(text: str, language: str) -> str:
            def substitute(match: Any) -> str:
                name = match.group(1)
                if name not in self.values:
                    unfilled.add(name)
                    return "–"
                shown[name] = self.values[name]
                fact = self.compiled.facts.get(name)
                options = fact.options if fact else {}
                return display_value(types.get(name), self.values[name], language, options)

            # "225 kr." ending a sentence must not end in "kr..".
            return PLACEHOLDER.sub(substitute, text).replace("kr..", "kr.")

        text = LocalText(da=render(reason.text.da, "da"), en=render(reason.text.en, "en"))
        shown.pop("amount", None)
        facts = {**reason.facts, **self._display_reads(shown)}
        return replace(reason, text=text, facts=facts), unfilled


class _EvaluationError(Exception):
    pass
