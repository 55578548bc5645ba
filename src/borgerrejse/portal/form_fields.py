"""The questions of one form step as the portal renders them (DKFDS form components).

Each field type has its control: text inputs, a textarea, radio buttons in a fieldset
for a choice or ja/nej, "dd-mm-åååå" dates, amounts with "kr.", and "Ved ikke" where the
service allows it. A follow-up question that a radio group on the same step controls is
rendered hidden, for `application_form.js` to reveal; without the script the server
shows it after "Næste".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from borgerrejse.catalog.answers import UNKNOWN_ANSWER, input_value, visible_fields
from borgerrejse.catalog.schema import FieldType, FormField, FormStep, ServiceDefinition
from borgerrejse.portal.application import show_if_names
from borgerrejse.rules.answers import MAX_TEXT_LENGTH

# The radio button beside a typed answer that may be "Ved ikke".
KNOWN = "known"

# How wide an input is: a date or an amount does not need the whole line.
_INPUT_WIDTH = {
    FieldType.DATE: "input-width-s",
    FieldType.MONEY: "input-width-s",
    FieldType.INTEGER: "input-width-xs",
    FieldType.PHONE: "input-width-s",
}


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    checked: bool
    id: str


@dataclass(frozen=True)
class FieldView:
    """One question as the template renders it."""

    name: str
    type: str
    label: str
    hint: str
    required: bool
    # What goes in the text input: typed, or the stored answer as the citizen writes it.
    value: str
    error: str
    # Radio buttons: the options of a choice, ja/nej, and "Ved ikke" where allowed.
    options: tuple[Option, ...] = ()
    # A typed answer that may be "Ved ikke": two radio buttons around the input.
    unknown_allowed: bool = False
    unknown_selected: bool = False
    known_selected: bool = False
    visible: bool = True
    # For the progressive enhancement: the field shows when `controller` has one of these.
    controller: str = ""
    controller_values: tuple[str, ...] = ()
    max_length: int | None = None
    width: str = ""
    described_by: str = ""

    @property
    def id(self) -> str:
        return f"field-{self.name}"

    @property
    def known_name(self) -> str:
        return known_input_name(self.name)

    @property
    def is_group(self) -> bool:
        return bool(self.options) or self.unknown_allowed


def known_input_name(name: str) -> str:
    """The radio buttons "Jeg kender svaret" / "Ved ikke" beside a typed answer."""
    return f"_known_{name}"


def _is_radio_field(form_field: FormField) -> bool:
    return form_field.type in {FieldType.CHOICE, FieldType.BOOLEAN}


def form_data(step: FormStep, post: Mapping[str, Any]) -> dict[str, Any]:
    """The answers of a step as submitted, with "Ved ikke" beside a typed answer applied."""
    data: dict[str, Any] = {}
    for form_field in step.fields:
        if form_field.name in post:
            data[form_field.name] = post.get(form_field.name)
        typed_answer = form_field.allow_unknown and not _is_radio_field(form_field)
        if typed_answer and post.get(known_input_name(form_field.name)) == UNKNOWN_ANSWER:
            data[form_field.name] = UNKNOWN_ANSWER
    return data


def _language() -> str:
    return "en" if (get_language() or "da").startswith("en") else "da"


def _hint(form_field: FormField, language: str) -> str:
    parts = []
    if form_field.help is not None:
        parts.append(form_field.help.get(language))
    if form_field.type is FieldType.DATE:
        parts.append(_("Skriv datoen som dd-mm-åååå."))
    if form_field.type is FieldType.TEXTAREA:
        limit = _max_length(form_field)
        parts.append(_("Du kan skrive op til %(limit)s tegn.") % {"limit": limit})
    return " ".join(parts)


def _max_length(form_field: FormField) -> int:
    return min(form_field.validation.max_length or MAX_TEXT_LENGTH, MAX_TEXT_LENGTH)


def _options(form_field: FormField, value: str, language: str) -> tuple[Option, ...]:
    if not _is_radio_field(form_field):
        return ()
    base = f"field-{form_field.name}"
    pairs: list[tuple[str, str]]
    if form_field.type is FieldType.CHOICE:
        pairs = [(key, text.get(language)) for key, text in form_field.options.items()]
    else:
        pairs = [("true", _("Ja")), ("false", _("Nej"))]
    if form_field.allow_unknown:
        pairs.append((UNKNOWN_ANSWER, _("Ved ikke")))
    # The first option's id is the field's own, so the error summary can link to it.
    return tuple(
        Option(
            value=key,
            label=label,
            checked=value == key,
            id=base if index == 0 else f"{base}-{index + 1}",
        )
        for index, (key, label) in enumerate(pairs)
    )


def _controller(
    definition: ServiceDefinition,
    step: FormStep,
    form_field: FormField,
    answers: Mapping[str, Any],
) -> tuple[str, tuple[str, ...]]:
    """For a field that one radio group on the same step shows or hides: that group's name
    and the values that show the field. ("", ()) when it is not so simple."""
    on_step = {f.name: f for f in step.fields}
    reads = show_if_names(form_field) & set(on_step)
    if len(reads) != 1:
        return "", ()
    (name,) = reads
    controller = on_step[name]
    if controller.type is FieldType.CHOICE:
        candidates: list[tuple[str, Any]] = [(key, key) for key in controller.options]
    elif controller.type is FieldType.BOOLEAN:
        candidates = [("true", True), ("false", False)]
    else:
        return "", ()
    showing = tuple(
        key
        for key, stored in candidates
        if any(
            f.name == form_field.name
            for f in visible_fields(definition, {**answers, name: stored}, step.id)
        )
    )
    return name, showing


def field_views(
    *,
    definition: ServiceDefinition,
    step: FormStep,
    answers: Mapping[str, Any],
    visible: Sequence[str],
    typed: Mapping[str, Any] | None = None,
    errors: Mapping[str, Any] | None = None,
) -> list[FieldView]:
    """The step's questions: those in `visible`, and those a radio group on the step can
    show (rendered hidden, for the script to reveal).

    `typed` is what the citizen sent, shown again when there are errors; otherwise the
    stored answers fill the fields.
    """
    language = _language()
    errors = errors or {}
    views = []
    for form_field in step.fields:
        is_visible = form_field.name in visible
        controller, showing = _controller(definition, step, form_field, answers)
        if not is_visible and not showing:
            continue
        unknown_allowed = form_field.allow_unknown and not _is_radio_field(form_field)
        if typed is not None:
            raw = typed.get(form_field.name, "")
            value = raw if isinstance(raw, str) else ""
            known_answer = typed.get(known_input_name(form_field.name), "")
            unknown = known_answer == UNKNOWN_ANSWER
            # Typing an answer means knowing it, also without choosing the radio button.
            known = known_answer == KNOWN or (not unknown and bool(value.strip()))
        else:
            value = input_value(form_field, answers.get(form_field.name), language)
            unknown = value == UNKNOWN_ANSWER
            known = bool(value) and not unknown
        if unknown_allowed and value == UNKNOWN_ANSWER:
            value = ""
        error = str(errors.get(form_field.name, "")) if is_visible else ""
        hint = _hint(form_field, language)
        described_by = " ".join(
            part
            for part, present in (
                (f"field-{form_field.name}-hint", bool(hint)),
                (f"field-{form_field.name}-error", bool(error)),
            )
            if present
        )
        views.append(
            FieldView(
                name=form_field.name,
                type=form_field.type.value,
                label=form_field.label.get(language),
                hint=hint,
                required=form_field.required,
                value=value,
                error=error,
                options=_options(form_field, value, language),
                unknown_allowed=unknown_allowed,
                unknown_selected=unknown_allowed and unknown,
                known_selected=unknown_allowed and known,
                visible=is_visible,
                controller=controller,
                controller_values=showing,
                max_length=(
                    _max_length(form_field)
                    if form_field.type in {FieldType.TEXT, FieldType.TEXTAREA}
                    else None
                ),
                width=_INPUT_WIDTH.get(form_field.type, ""),
                described_by=described_by,
            )
        )
    return views
