"""Turn raw answers (JSON, form data) into typed values the rules can read.

An answer that is absent, empty or "unknown" is missing; one that cannot be read as its
type is invalid. Neither ever gets a default value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from borgerrejse.rules.definitions import Fact, FactType
from borgerrejse.rules.expressions import date_value

MAX_TEXT_LENGTH = 10_000
# Beyond a trillion kroner an amount is a typing error, and CEL integers must not overflow.
MAX_MAGNITUDE = 10**12
UNKNOWN_ANSWERS = frozenset({"", "unknown", "ved_ikke", "ved ikke", "don't know"})
_TRUE = frozenset({"true", "yes", "ja", "1"})
_FALSE = frozenset({"false", "no", "nej", "0"})


@dataclass(frozen=True)
class NormalisedAnswers:
    values: dict[str, Any]
    missing: tuple[str, ...]
    invalid: tuple[str, ...]


class InvalidAnswer(ValueError):
    """An answer that cannot be read as its fact's type."""


def normalise_answers(facts: Mapping[str, Fact], answers: Mapping[str, Any]) -> NormalisedAnswers:
    values: dict[str, Any] = {}
    missing: list[str] = []
    invalid: list[str] = []
    for name, fact in facts.items():
        raw = answers.get(name) if isinstance(answers, Mapping) else None
        if raw is None or (isinstance(raw, str) and raw.strip().lower() in UNKNOWN_ANSWERS):
            missing.append(name)
            continue
        try:
            values[name] = _normalise(fact, raw)
        except InvalidAnswer:
            invalid.append(name)
    return NormalisedAnswers(values, tuple(missing), tuple(invalid))


def normalise_answer(fact: Fact, raw: Any) -> Any:
    """One answer as the rules read it; raise `InvalidAnswer` if it is not of the fact's type.

    Unlike `normalise_answers`, this does not treat "unknown" or an empty answer as
    missing: the caller decides what those mean before asking for a value.
    """
    return _normalise(fact, raw)


def _normalise(fact: Fact, raw: Any) -> Any:
    match fact.type:
        case FactType.TEXT:
            if not isinstance(raw, str) or len(raw) > MAX_TEXT_LENGTH:
                raise InvalidAnswer
            return raw.strip()
        case FactType.CHOICE:
            if not isinstance(raw, str) or raw not in fact.options:
                raise InvalidAnswer
            return raw
        case FactType.DATE:
            return date_value(_date(raw))
        case FactType.MONEY:
            return _money_ore(raw)
        case FactType.INTEGER:
            return _integer(raw)
        case FactType.BOOLEAN:
            return _boolean(raw)
    raise InvalidAnswer


def _date(raw: Any) -> dt.date:
    if isinstance(raw, dt.datetime):
        raise InvalidAnswer
    if isinstance(raw, dt.date):
        return raw
    if not isinstance(raw, str):
        raise InvalidAnswer
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise InvalidAnswer from None


def _money_ore(raw: Any) -> int:
    """Kroner as written by a person ("12950", "12.950,50", 12950.5) to whole øre."""
    if isinstance(raw, bool):
        raise InvalidAnswer
    if isinstance(raw, int | Decimal):
        amount = Decimal(raw)
    elif isinstance(raw, float):
        amount = Decimal(str(raw))
    elif isinstance(raw, str):
        amount = _parse_kroner(raw)
    else:
        raise InvalidAnswer
    if not amount.is_finite() or abs(amount) > MAX_MAGNITUDE:
        raise InvalidAnswer
    ore = amount * 100
    if ore != ore.to_integral_value():
        raise InvalidAnswer
    return int(ore)


# "12.950,50" (Danish: dots group thousands, a comma before øre) or "12950.50" (plain).
_DANISH_KRONER = re.compile(r"^-?(?:[1-9]\d{0,2}(?:\.\d{3})+|\d+)(?:,\d{1,2})?$")
_PLAIN_KRONER = re.compile(r"^-?\d+(?:\.\d{1,2})?$")


def _parse_kroner(text: str) -> Decimal:
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "").lower()
    for suffix in ("kr.", "kr", "dkk"):
        cleaned = cleaned.removesuffix(suffix)
    if _DANISH_KRONER.match(cleaned) and ("," in cleaned or cleaned.count(".") >= 1):
        return Decimal(cleaned.replace(".", "").replace(",", "."))
    if _PLAIN_KRONER.match(cleaned) or _DANISH_KRONER.match(cleaned):
        return Decimal(cleaned.replace(",", "."))
    raise InvalidAnswer


def _integer(raw: Any) -> int:
    if isinstance(raw, bool):
        raise InvalidAnswer
    if isinstance(raw, str):
        try:
            raw = int(raw.strip())
        except ValueError:
            raise InvalidAnswer from None
    if not isinstance(raw, int) or abs(raw) > MAX_MAGNITUDE:
        raise InvalidAnswer
    return raw


def _boolean(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str):
        word = raw.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    raise InvalidAnswer
