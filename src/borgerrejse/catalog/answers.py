"""Check a citizen's answers against a service's form. This is the one place that does it.

The portal's multi-step form checks one step at a time (`validate_step`, then
`merge_step`); the REST API checks a whole application at once (`validate_all`, or
`clean_answers` for the cleaned values too). Both store answers in the form the rules
engine reads:

- dates as ISO text, "2025-03-05";
- money as kroner text with øre, "12950.50";
- integers and booleans as JSON numbers and booleans;
- text stripped; phone numbers as "+4512345678";
- `UNKNOWN_ANSWER` where the citizen chose "Ved ikke" and the field allows it.

The engine (`borgerrejse.rules.answers`) does the type parsing. This module adds the
formats citizens type (dd-mm-åååå dates, Danish phone numbers), the form's own
constraints, `show_if`, and a specific message on every field that is wrong.

Messages are lazy: they render in the language active when shown, labels included.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from functools import partial
from typing import TYPE_CHECKING, Any, cast

import cel
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from borgerrejse.catalog.schema import FieldType, FormField, FormStep, ServiceDefinition
from borgerrejse.rules.answers import (
    MAX_TEXT_LENGTH,
    UNKNOWN_ANSWERS,
    InvalidAnswer,
    normalise_answer,
)
from borgerrejse.rules.definitions import ValueType
from borgerrejse.rules.expressions import FUNCTIONS, Expression
from borgerrejse.rules.presentation import date_text, json_value, kroner_text

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as StrPromise

# What the portal submits for its "Ved ikke" option, and what is stored for it.
UNKNOWN_ANSWER = "unknown"
# The label of that option.
UNKNOWN_LABEL = _("Ved ikke")
# Everything the engine reads as "the citizen does not know", except an empty answer.
_UNKNOWN_INPUTS = UNKNOWN_ANSWERS - {""}
# A ticked checkbox; an unticked one sends nothing.
_CHECKBOX_ON = "on"

REQUIRED = _("Du skal svare på »%(label)s«")
REQUIRED_CHOICE = _("Vælg et svar på »%(label)s«")
REQUIRED_BOOLEAN = _("Svar ja eller nej på »%(label)s«")
UNKNOWN_NOT_ALLOWED = _("Du kan ikke svare »ved ikke« på »%(label)s«")
DATE_FORMAT = _("Skriv datoen som dd-mm-åååå, fx 05-03-2025")
DATE_DOES_NOT_EXIST = _("Datoen findes ikke. Tjek dag og måned.")
DATE_IN_FUTURE = _("Datoen kan ikke være senere end i dag, %(today)s")
DATE_IN_PAST = _("Datoen kan ikke være før i dag, %(today)s")
MONEY_FORMAT = _("Skriv beløbet i kroner, fx 12.950 eller 12.950,50")
MONEY_BELOW_MIN = _("Beløbet skal være mindst %(min)s")
MONEY_ABOVE_MAX = _("Beløbet kan højst være %(max)s")
INTEGER_FORMAT = _("Skriv et helt tal, fx 3")
NUMBER_BELOW_MIN = _("Tallet skal være mindst %(min)s")
NUMBER_ABOVE_MAX = _("Tallet kan højst være %(max)s")
BOOLEAN_FORMAT = _("Svar ja eller nej")
CHOICE_INVALID = _("Vælg et af svarene på listen")
EMAIL_FORMAT = _("Skriv en e-mailadresse, fx navn@eksempel.dk")
PHONE_FORMAT = _("Skriv et dansk telefonnummer med 8 cifre, fx 12 34 56 78")
TEXT_FORMAT = _("Skriv svaret som tekst")
TEXT_TOO_SHORT = _("Skriv mindst %(min_length)d tegn")
TEXT_TOO_LONG = _("Skriv højst %(max_length)d tegn. Du har skrevet %(length)d.")
PATTERN_MISMATCH = _("Svaret har ikke den form, vi venter. Tjek det, du har skrevet.")
UNKNOWN_FIELD = _("Ukendt felt")
NOT_ASKED = _("Spørgsmålet bliver ikke stillet ud fra dine andre svar. Fjern svaret.")

_DANISH_DATE = re.compile(r"^(\d{1,2})([-.])(\d{1,2})\2(\d{4})$", re.ASCII)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
_PHONE_SEPARATORS = re.compile(r"[\s\-.()/\u00a0]")
_EMAIL_MAX_LENGTH = 254


class UnknownStep(LookupError):
    """The form has no step with this id."""


@dataclass(frozen=True)
class StepResult:
    """One step checked: what can be stored, what is wrong, and what was typed.

    `raw` holds the submitted values of the step's fields exactly as sent, so a form
    that has errors can show the citizen what they typed. `visible` names the step's
    fields that are shown, in form order: a field can appear when an answer on the
    same step changes.
    """

    step_id: str
    cleaned: dict[str, Any]
    errors: dict[str, StrPromise]
    raw: dict[str, Any]
    visible: tuple[str, ...]

    @property
    def is_valid(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class AnswersResult:
    """A whole set of answers checked at once, as the API receives it."""

    cleaned: dict[str, Any]
    errors: dict[str, StrPromise]
    raw: dict[str, Any]

    @property
    def is_valid(self) -> bool:
        return not self.errors


def visible_fields(
    definition: ServiceDefinition,
    answers: Mapping[str, Any],
    step: str | None = None,
) -> list[FormField]:
    """The fields shown, in form order, given the answers so far (of `step` only, if given).

    A `show_if` is evaluated over the earlier answers that are shown and readable. When
    it cannot be evaluated (an answer it reads is missing, "unknown", hidden or not
    readable), the field is hidden.
    """
    values: dict[str, Any] = {}
    shown: list[FormField] = []
    for field in definition.form.fields():
        if _visibility(field, values) is not _Visibility.SHOWN:
            continue
        shown.append(field)
        value = _readable_value(field, answers.get(field.name))
        if value is not None:
            values[field.name] = value
    if step is None:
        return shown
    names = {field.name for field in _step(definition, step).fields}
    return [field for field in shown if field.name in names]


def validate_step(
    *,
    definition: ServiceDefinition,
    step_id: str,
    data: Mapping[str, Any],
    answers_so_far: Mapping[str, Any],
    today: dt.date,
) -> StepResult:
    """Check the answers to one step of the form.

    `data` is the submission (a QueryDict or a dict); `answers_so_far` are the stored
    answers of the earlier steps, which decide what is shown. Only the step's visible
    fields are checked; answers to its hidden fields are left out of `cleaned` (but kept
    in `raw`). Raises `UnknownStep` for a step id the form does not have.
    """
    step = _step(definition, step_id)
    values: dict[str, Any] = {}
    for earlier in definition.form.steps:
        if earlier.id == step.id:
            break
        for field in earlier.fields:
            if _visibility(field, values) is _Visibility.SHOWN:
                value = _readable_value(field, answers_so_far.get(field.name))
                if value is not None:
                    values[field.name] = value
    cleaned: dict[str, Any] = {}
    errors: dict[str, StrPromise] = {}
    visible: list[str] = []
    for field in step.fields:
        if _visibility(field, values) is not _Visibility.SHOWN:
            continue
        visible.append(field.name)
        try:
            parsed = _clean(field, data.get(field.name), today)
        except _Problem as problem:
            errors[field.name] = problem.message
            continue
        if parsed is not None:
            cleaned[field.name] = parsed.stored
            if parsed.value is not None:
                values[field.name] = parsed.value
    raw = {field.name: data[field.name] for field in step.fields if field.name in data}
    return StepResult(step.id, cleaned, errors, raw, tuple(visible))


def merge_step(
    answers_so_far: Mapping[str, Any],
    result: StepResult,
    definition: ServiceDefinition,
) -> dict[str, Any]:
    """The stored answers with one checked step merged in.

    A field of the step that was answered correctly replaces what was stored; one left
    empty (or hidden) removes it; one with an error keeps the stored answer until it is
    fixed. Then every answer to a field that is now hidden, on any step, is removed:
    changing an early answer can make later questions go away.
    """
    step = _step(definition, result.step_id)
    merged = dict(answers_so_far)
    for field in step.fields:
        if field.name not in result.errors:
            merged.pop(field.name, None)
    merged.update(result.cleaned)
    return without_hidden_answers(definition, merged)


def without_hidden_answers(
    definition: ServiceDefinition, answers: Mapping[str, Any]
) -> dict[str, Any]:
    """The answers without those to fields that the other answers hide."""
    shown = {field.name for field in visible_fields(definition, answers)}
    asked = {field.name for field in definition.form.fields()}
    return {name: value for name, value in answers.items() if name in shown or name not in asked}


def clean_answers(
    *, definition: ServiceDefinition, answers: Mapping[str, Any], today: dt.date
) -> AnswersResult:
    """Check every visible field of every step at once, as for an application sent whole.

    A key that is not a field of the form is an error ("Ukendt felt"), and so is an
    answer to a field the other answers hide, unless that only follows from an error
    on a field the condition reads.
    """
    fields = definition.form.fields()
    values: dict[str, Any] = {}
    cleaned: dict[str, Any] = {}
    errors: dict[str, StrPromise] = {}
    # Fields with an error, and fields whose visibility depends on one.
    unsettled: set[str] = set()
    for field in fields:
        raw = answers.get(field.name)
        visibility = _visibility(field, values)
        if visibility is not _Visibility.SHOWN:
            reads = Expression.compile(field.show_if).names if field.show_if else frozenset()
            if visibility is _Visibility.UNDECIDED and reads & unsettled:
                unsettled.add(field.name)
            elif not _is_blank(raw):
                errors[field.name] = NOT_ASKED
            continue
        try:
            parsed = _clean(field, raw, today)
        except _Problem as problem:
            errors[field.name] = problem.message
            unsettled.add(field.name)
            continue
        if parsed is not None:
            cleaned[field.name] = parsed.stored
            if parsed.value is not None:
                values[field.name] = parsed.value
    asked = {field.name for field in fields}
    for key in answers:
        if key not in asked:
            errors[str(key)] = UNKNOWN_FIELD
    return AnswersResult(cleaned, errors, dict(answers))


def validate_all(
    *, definition: ServiceDefinition, answers: Mapping[str, Any], today: dt.date
) -> dict[str, StrPromise]:
    """The errors by field name of a whole set of answers; empty when all is well."""
    return clean_answers(definition=definition, answers=answers, today=today).errors


def input_value(field: FormField, stored: Any, language: str = "da") -> str:
    """A stored answer as the citizen would type it, to fill in a form field again.

    Dates become dd-mm-åååå; money becomes "12.950,50" in Danish and "12950.50" in
    English; booleans become "true" or "false". Every result reads back to `stored`.
    """
    if stored is None:
        return ""
    if stored == UNKNOWN_ANSWER and field.allow_unknown:
        return UNKNOWN_ANSWER
    try:
        if field.type is FieldType.DATE:
            day = dt.date.fromisoformat(str(stored))
            return f"{day.day:02d}-{day.month:02d}-{day.year:04d}"
        if field.type is FieldType.MONEY and language != "en":
            ore = normalise_answer(field.fact(), stored)
            return kroner_text(ore, "da").removesuffix(" kr.")
    except ValueError:
        return str(stored)  # not stored by this module: show it as it is
    if isinstance(stored, bool):
        return "true" if stored else "false"
    return str(stored)


# Internals


class _Visibility(Enum):
    SHOWN = "shown"
    HIDDEN = "hidden"  # the condition is false
    UNDECIDED = "undecided"  # the condition cannot be evaluated: hidden too


@dataclass(frozen=True)
class _Parsed:
    stored: Any  # JSON-ready, as kept with the case
    value: Any  # as the rules engine reads it; None for an unknown answer


class _Problem(Exception):
    def __init__(self, message: StrPromise) -> None:
        super().__init__(message)
        self.message = message


def _step(definition: ServiceDefinition, step_id: str) -> FormStep:
    for step in definition.form.steps:
        if step.id == step_id:
            return step
    raise UnknownStep(step_id)


def _visibility(field: FormField, values: Mapping[str, Any]) -> _Visibility:
    if field.show_if is None:
        return _Visibility.SHOWN
    context = cel.Context(functions=FUNCTIONS)
    context.set_variable_resolver(values.get)
    try:
        holds = Expression.compile(field.show_if).program.execute(context)
    except (RuntimeError, TypeError, ValueError, ArithmeticError):
        return _Visibility.UNDECIDED
    if not isinstance(holds, bool):
        return _Visibility.UNDECIDED
    return _Visibility.SHOWN if holds else _Visibility.HIDDEN


def _readable_value(field: FormField, raw: Any) -> Any:
    """The engine's value of an answer, or None if it is missing, unknown or unreadable."""
    if _is_blank(raw) or _is_unknown(raw):
        return None
    try:
        return _parse(field, raw).value
    except _Problem:
        return None


def _is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _is_unknown(raw: Any) -> bool:
    return isinstance(raw, str) and raw.strip().lower() in _UNKNOWN_INPUTS


def _clean(field: FormField, raw: Any, today: dt.date) -> _Parsed | None:
    """The answer to one visible field, or None when it is (allowed to be) unanswered."""
    if _is_blank(raw):
        if not field.required:
            return None
        if field.type is FieldType.CHOICE:
            raise _Problem(_message(REQUIRED_CHOICE, label=field.label.get))
        if field.type is FieldType.BOOLEAN:
            raise _Problem(_message(REQUIRED_BOOLEAN, label=field.label.get))
        raise _Problem(_message(REQUIRED, label=field.label.get))
    if _is_unknown(raw):
        if field.allow_unknown:
            return _Parsed(UNKNOWN_ANSWER, None)
        raise _Problem(_message(UNKNOWN_NOT_ALLOWED, label=field.label.get))
    parsed = _parse(field, raw)
    _check_constraints(field, parsed, today)
    return parsed


def _parse(field: FormField, raw: Any) -> _Parsed:
    """Read an answer as its type; raise _Problem with the message for a wrong format."""
    fact = field.fact()

    def engine_value(stored: Any, message: StrPromise) -> _Parsed:
        try:
            return _Parsed(stored, normalise_answer(fact, stored))
        except InvalidAnswer:
            raise _Problem(message) from None

    match field.type:
        case FieldType.DATE:
            return engine_value(_date_text(raw), DATE_DOES_NOT_EXIST)
        case FieldType.MONEY:
            if not isinstance(raw, str | int | float | Decimal) or isinstance(raw, bool):
                raise _Problem(MONEY_FORMAT)
            try:
                ore = normalise_answer(fact, raw)
            except InvalidAnswer:
                raise _Problem(MONEY_FORMAT) from None
            return _Parsed(json_value(ValueType.MONEY, ore), ore)
        case FieldType.INTEGER:
            try:
                number = normalise_answer(fact, raw)
            except InvalidAnswer:
                raise _Problem(INTEGER_FORMAT) from None
            return _Parsed(number, number)
        case FieldType.BOOLEAN:
            if isinstance(raw, str) and raw.strip().lower() == _CHECKBOX_ON:
                raw = True
            try:
                flag = normalise_answer(fact, raw)
            except InvalidAnswer:
                raise _Problem(BOOLEAN_FORMAT) from None
            return _Parsed(flag, flag)
        case FieldType.CHOICE:
            choice = raw.strip() if isinstance(raw, str) else raw
            return engine_value(choice, CHOICE_INVALID)
        case FieldType.EMAIL:
            return engine_value(_email(_text(raw)), EMAIL_FORMAT)
        case FieldType.PHONE:
            return engine_value(_phone(_text(raw)), PHONE_FORMAT)
    # Text and textarea: the length check comes with the constraints.
    return _Parsed(_text(raw), _text(raw))


def _text(raw: Any) -> str:
    if not isinstance(raw, str):
        raise _Problem(TEXT_FORMAT)
    # Browsers send a textarea's line breaks as CRLF but count them as one character.
    return raw.replace("\r\n", "\n").strip()


def _date_text(raw: Any) -> str:
    """A date typed as dd-mm-åååå, dd.mm.åååå or åååå-mm-dd, as ISO text."""
    if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
        return raw.isoformat()
    if not isinstance(raw, str):
        raise _Problem(DATE_FORMAT)
    text = raw.strip()
    if match := _DANISH_DATE.match(text):
        day, _separator, month, year = match.groups()
        try:
            return dt.date(int(year), int(month), int(day)).isoformat()
        except ValueError:
            raise _Problem(DATE_DOES_NOT_EXIST) from None
    if _ISO_DATE.match(text):
        return text  # the engine parses it and says whether the date exists
    raise _Problem(DATE_FORMAT)


def _email(text: str) -> str:
    try:
        validate_email(text)
    except ValidationError:
        raise _Problem(EMAIL_FORMAT) from None
    if len(text) > _EMAIL_MAX_LENGTH:
        raise _Problem(EMAIL_FORMAT)
    return text


def _phone(text: str) -> str:
    """A Danish number: 8 digits, optionally after +45 or 0045. Stored as +45 and 8 digits."""
    digits = _PHONE_SEPARATORS.sub("", text)
    if digits.startswith("+45"):
        digits = digits.removeprefix("+45")
    elif digits.startswith("0045"):
        digits = digits.removeprefix("0045")
    if len(digits) != 8 or not (digits.isascii() and digits.isdigit()):
        raise _Problem(PHONE_FORMAT)
    return "+45" + digits


def _check_constraints(field: FormField, parsed: _Parsed, today: dt.date) -> None:
    rules = field.validation
    value = parsed.value
    match field.type:
        case FieldType.DATE:
            day = value.date()
            if rules.not_in_future and day > today:
                raise _Problem(_message(DATE_IN_FUTURE, today=partial(date_text, today)))
            if rules.not_in_past and day < today:
                raise _Problem(_message(DATE_IN_PAST, today=partial(date_text, today)))
        case FieldType.MONEY:
            if rules.min is not None and value < _ore(rules.min):
                raise _Problem(_message(MONEY_BELOW_MIN, min=partial(kroner_text, _ore(rules.min))))
            if rules.max is not None and value > _ore(rules.max):
                raise _Problem(_message(MONEY_ABOVE_MAX, max=partial(kroner_text, _ore(rules.max))))
        case FieldType.INTEGER:
            if rules.min is not None and value < rules.min:
                raise _Problem(_message(NUMBER_BELOW_MIN, min=partial(_number_text, rules.min)))
            if rules.max is not None and value > rules.max:
                raise _Problem(_message(NUMBER_ABOVE_MAX, max=partial(_number_text, rules.max)))
        case FieldType.TEXT | FieldType.TEXTAREA | FieldType.EMAIL | FieldType.PHONE if isinstance(
            parsed.stored, str
        ):
            _check_text(field, parsed.stored)


def _check_text(field: FormField, text: str) -> None:
    rules = field.validation
    limit = min(rules.max_length or MAX_TEXT_LENGTH, MAX_TEXT_LENGTH)
    if len(text) > limit:
        raise _Problem(_message(TEXT_TOO_LONG, max_length=limit, length=len(text)))
    if rules.min_length is not None and len(text) < rules.min_length:
        raise _Problem(_message(TEXT_TOO_SHORT, min_length=rules.min_length))
    if rules.pattern is not None and re.fullmatch(rules.pattern, text) is None:
        raise _Problem(PATTERN_MISMATCH)


def _ore(kroner: float) -> int:
    return int((Decimal(str(kroner)) * 100).to_integral_value())


def _number_text(number: float, language: str) -> str:
    """1000.0 as "1.000" in Danish and "1,000" in English; 2.5 as "2,5" and "2.5"."""
    text = f"{int(number):,}" if number == int(number) else f"{number:,}"
    if language == "en":
        return text
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def _active_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def _render(template: str, params: Mapping[str, Any]) -> str:
    # A parameter given as a function of the language is rendered in the active one.
    language = _active_language()
    values = {name: value(language) if callable(value) else value for name, value in params.items()}
    return str(template) % values


_render_lazy = cast(Callable[[str, Mapping[str, Any]], "StrPromise"], lazy(_render, str))


def _message(template: StrPromise, **params: Any) -> StrPromise:
    """A translated message with named placeholders, rendered only when it is shown."""
    return _render_lazy(cast(str, template), params)
