"""The rule language as a document: facts, dated parameters, derived values and rules.

These pydantic models are the part of a service definition that the engine reads.
The catalogue embeds them in its own schema; the engine never sees YAML or Django.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

IDENTIFIER = r"^[a-z][a-z0-9_]*$"
Identifier = Annotated[str, StringConstraints(pattern=IDENTIFIER, max_length=60)]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")


class Strict(BaseModel):
    """Unknown keys are errors: a typo in a service definition must not pass silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class LocalText(Strict):
    """A text in Danish (the source language) and English."""

    da: NonEmpty
    en: NonEmpty

    def get(self, language: str) -> str:
        return self.en if language == "en" else self.da


class FactType(StrEnum):
    TEXT = "text"
    CHOICE = "choice"
    DATE = "date"
    MONEY = "money"
    INTEGER = "integer"
    BOOLEAN = "boolean"


class Fact(Strict):
    """One answer the rules may read, typed so the engine can normalise it."""

    name: Identifier
    type: FactType
    label: LocalText
    options: dict[str, LocalText] = Field(default_factory=dict)


class ValueType(StrEnum):
    """The type of a parameter or derived value."""

    MONEY = "money"
    INTEGER = "integer"
    DATE = "date"
    BOOLEAN = "boolean"
    TEXT = "text"


class Parameter(Strict):
    """A value set by law or policy that changes over time.

    `values` maps the date each value applies from to the value; the latest date on or
    before the decision date wins. Money is written in kroner.
    """

    type: ValueType
    values: dict[dt.date, Any]
    label: LocalText | None = None
    note: str | None = None
    unverified: bool = False

    @field_validator("values")
    @classmethod
    def _not_empty(cls, values: dict[dt.date, Any], info: ValidationInfo) -> dict[dt.date, Any]:
        if not values:
            raise ValueError("a parameter needs at least one dated value")
        if info.data.get("type") is ValueType.DATE:
            # Stored versions are JSON, where dates are text: read them back as dates.
            values = {since: parameter_value(ValueType.DATE, v) or v for since, v in values.items()}
        return dict(sorted(values.items()))

    @model_validator(mode="after")
    def _values_match_type(self) -> Parameter:
        for since, value in self.values.items():
            if parameter_value(self.type, value) is None:
                raise ValueError(f"the value {value!r} from {since} is not a valid {self.type}")
        return self

    def value_on(self, day: dt.date) -> Any:
        chosen = None
        for since, value in self.values.items():
            if since > day:
                break
            chosen = value
        return None if chosen is None else parameter_value(self.type, chosen)


def parameter_value(kind: ValueType, raw: Any) -> Any:
    """A parameter value as the engine uses it (money in øre), or None if it is invalid."""
    if kind is ValueType.MONEY:
        if isinstance(raw, bool) or not isinstance(raw, int | float | str | Decimal):
            return None
        try:
            return int((Decimal(str(raw)) * 100).to_integral_exact())
        except ArithmeticError:
            return None
    if kind is ValueType.INTEGER:
        return raw if isinstance(raw, int) and not isinstance(raw, bool) else None
    if kind is ValueType.DATE:
        # ISO text is how a date comes back from the JSON a published version is stored as.
        if isinstance(raw, str):
            try:
                return dt.date.fromisoformat(raw)
            except ValueError:
                return None
        return raw if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime) else None
    if kind is ValueType.BOOLEAN:
        return raw if isinstance(raw, bool) else None
    return raw if isinstance(raw, str) else None


class Derived(Strict):
    """A named intermediate value, computed in order before the rules run."""

    type: ValueType
    expr: NonEmpty
    label: LocalText | None = None


class Outcome(StrEnum):
    GRANT = "grant"
    PARTIAL_GRANT = "partial_grant"
    REJECT = "reject"
    REFER = "refer_to_caseworker"


class Rule(Strict):
    """A condition with one effect: an outcome, or an amount.

    Outcome rules all apply when their condition holds; the most cautious outcome wins.
    Amount rules are tried in order and the first whose condition holds sets the amount.
    """

    id: Identifier
    when: NonEmpty = "true"
    outcome: Outcome | None = None
    amount: NonEmpty | None = None
    reason: LocalText
    legal_basis: NonEmpty

    @model_validator(mode="after")
    def _one_effect(self) -> Rule:
        if (self.outcome is None) == (self.amount is None):
            raise ValueError(f"rule {self.id!r} must have exactly one of 'outcome' and 'amount'")
        return self


class AutomationPolicy(StrEnum):
    NONE = "none"
    GRANT_ONLY = "grant_only"


class AmountKind(StrEnum):
    BENEFIT = "benefit"
    FEE = "fee"


class RuleSet(Strict):
    """Everything the engine needs to decide one service."""

    legal_basis: NonEmpty
    automation: AutomationPolicy
    amount_kind: AmountKind | None = None
    facts: tuple[Fact, ...]
    parameters: dict[Identifier, Parameter] = Field(default_factory=dict)
    derived: dict[Identifier, Derived] = Field(default_factory=dict)
    rules: tuple[Rule, ...]


Language = Literal["da", "en"]
