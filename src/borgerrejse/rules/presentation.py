"""How values the rules read are shown: in JSON, and in a citizen's language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from borgerrejse.rules.definitions import LocalText, ValueType

_MONTHS_DA = "januar februar marts april maj juni juli august september oktober november december"
_MONTHS_EN = "January February March April May June July August September October November December"


def json_value(kind: ValueType | None, value: Any) -> Any:
    """A value as it appears in JSON output: money as a kroner string, dates as ISO."""
    if kind is ValueType.MONEY and isinstance(value, int) and not isinstance(value, bool):
        return str(Decimal(value).scaleb(-2))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return value


def kroner_text(ore: int, language: str) -> str:
    """12950_00 øre as "12.950 kr." in Danish and "DKK 12,950" in English."""
    kroner, rest = divmod(abs(ore), 100)
    sign = "-" if ore < 0 else ""
    grouped = f"{kroner:,}"
    if language == "en":
        return f"DKK {sign}{grouped}" + (f".{rest:02d}" if rest else "")
    grouped = grouped.replace(",", ".")
    return f"{sign}{grouped}" + (f",{rest:02d}" if rest else "") + " kr."


def date_text(day: dt.date, language: str) -> str:
    if language == "en":
        return f"{day.day} {_MONTHS_EN.split()[day.month - 1]} {day.year}"
    return f"{day.day}. {_MONTHS_DA.split()[day.month - 1]} {day.year}"


def display_value(
    kind: ValueType | None, value: Any, language: str, options: Mapping[str, LocalText]
) -> str:
    if kind is ValueType.MONEY and isinstance(value, int) and not isinstance(value, bool):
        return kroner_text(value, language)
    if isinstance(value, dt.datetime):
        return date_text(value.date(), language)
    if isinstance(value, bool):
        if language == "en":
            return "yes" if value else "no"
        return "ja" if value else "nej"
    if isinstance(value, str) and value in options:
        return options[value].get(language)
    return str(value)
