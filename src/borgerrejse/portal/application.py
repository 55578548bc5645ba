"""The online application as the citizen walks through it: its steps and its summary.

The form itself (which fields there are, what is valid) belongs to the catalogue and
`catalog.answers`. This module only decides how the portal walks through it:

- A step whose every field is hidden by earlier answers is skipped. A step whose fields
  depend on answers not given yet is still shown: we cannot know yet.
- Services with attachments get an attachments step after the form; every application
  ends with a summary.
- A step can be opened once every step before it is complete, so a citizen cannot jump
  past a question by typing an address.

`form_fields` renders the questions of one step.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from borgerrejse.catalog.answers import (
    UNKNOWN_ANSWER,
    validate_all,
    visible_fields,
)
from borgerrejse.catalog.schema import (
    Attachment,
    FieldType,
    FormField,
    FormStep,
    ServiceDefinition,
)
from borgerrejse.rules.expressions import Expression
from borgerrejse.rules.presentation import date_text, kroner_text

# The ids the portal stores as a draft's `current_step` for its own two steps. Form step
# ids come from service definitions; those two words are never used there.
ATTACHMENTS = "attachments"
SUMMARY = "summary"

# Fields in the POST that are not answers. Answer names start with a letter.
ACTION = "_action"
SHOWN = "_shown"

# Steps


def show_if_names(form_field: FormField) -> frozenset[str]:
    if form_field.show_if is None:
        return frozenset()
    return Expression.compile(form_field.show_if).names


def form_steps(definition: ServiceDefinition, answers: Mapping[str, Any]) -> list[FormStep]:
    """The form's steps the citizen goes through, given the answers so far."""
    asked = {f.name for f in definition.form.fields()}
    steps = []
    for step in definition.form.steps:
        if visible_fields(definition, answers, step.id):
            steps.append(step)
            continue
        # Every field is hidden. Skip the step only when that is settled: when each
        # condition could read all the answers it depends on.
        undecided = any(
            name in asked and name not in answers
            for form_field in step.fields
            for name in show_if_names(form_field)
        )
        if undecided:
            steps.append(step)
    return steps


def step_errors(
    definition: ServiceDefinition, answers: Mapping[str, Any], today: dt.date
) -> dict[str, Any]:
    """What is wrong with the stored answers, by field name: what is missing included."""
    return dict(validate_all(definition=definition, answers=answers, today=today))


def missing_attachments(
    definition: ServiceDefinition, uploaded_slots: set[str]
) -> list[Attachment]:
    return [a for a in definition.attachments if a.required and a.id not in uploaded_slots]


@dataclass(frozen=True)
class JourneyStep:
    """One step in the step indicator."""

    id: str
    title: str
    url: str
    complete: bool
    reachable: bool
    current: bool = False

    @property
    def css_class(self) -> str:
        if self.current:
            return "current"
        return "" if self.reachable else "disabled"


def draft_url(public_id: Any, step_id: str) -> str:
    if step_id == ATTACHMENTS:
        return reverse("portal:draft_attachments", args=[public_id])
    if step_id == SUMMARY:
        return reverse("portal:draft_summary", args=[public_id])
    return reverse("portal:draft_step", args=[public_id, step_id])


def journey(
    *,
    public_id: Any,
    definition: ServiceDefinition,
    answers: Mapping[str, Any],
    uploaded_slots: set[str],
    today: dt.date,
    current: str,
) -> list[JourneyStep]:
    """Every step of the application in order, with how far the citizen has come."""
    errors = step_errors(definition, answers, today)
    entries: list[tuple[str, str, bool]] = []
    for step in form_steps(definition, answers):
        complete = not any(f.name in errors for f in step.fields)
        entries.append((step.id, step.title.get(_language()), complete))
    if definition.attachments:
        entries.append(
            (ATTACHMENTS, _("Bilag"), not missing_attachments(definition, uploaded_slots))
        )
    entries.append((SUMMARY, _("Opsummering"), False))
    steps = []
    reachable = True
    for step_id, title, complete in entries:
        steps.append(
            JourneyStep(
                id=step_id,
                title=title,
                url=draft_url(public_id, step_id),
                complete=complete,
                reachable=reachable,
                current=step_id == current,
            )
        )
        reachable = reachable and complete
    return steps


def first_open_step(steps: Sequence[JourneyStep]) -> JourneyStep:
    """Where the citizen should be: the first step that is not complete."""
    return next(step for step in steps if not step.complete)


def step_after(steps: Sequence[JourneyStep], step_id: str) -> JourneyStep:
    ids = [step.id for step in steps]
    return steps[ids.index(step_id) + 1]


def step_before(steps: Sequence[JourneyStep], step_id: str) -> JourneyStep | None:
    ids = [step.id for step in steps]
    index = ids.index(step_id)
    return steps[index - 1] if index > 0 else None


def resume_step_id(
    definition: ServiceDefinition, current_step: str, steps: Sequence[JourneyStep]
) -> str:
    """The step to reopen a saved draft at: where the citizen left, if they may go there."""
    for step in steps:
        if step.id == current_step and step.reachable:
            return step.id
    return first_open_step(steps).id


def _language() -> str:
    return "en" if (get_language() or "da").startswith("en") else "da"


# The summary


def answer_text(form_field: FormField, stored: Any, language: str) -> str:
    """A stored answer as the citizen reads it on the summary."""
    if stored is None or stored == "":
        return _("Ikke besvaret")
    if stored == UNKNOWN_ANSWER and form_field.allow_unknown:
        return _("Ved ikke")
    match form_field.type:
        case FieldType.CHOICE:
            option = form_field.options.get(str(stored))
            return option.get(language) if option else str(stored)
        case FieldType.BOOLEAN:
            return _("Ja") if stored is True else _("Nej")
        case FieldType.DATE:
            return date_text(dt.date.fromisoformat(str(stored)), language)
        case FieldType.MONEY:
            ore = int((Decimal(str(stored)) * 100).to_integral_value())
            return kroner_text(ore, language)
    return str(stored)


@dataclass(frozen=True)
class SummaryRow:
    label: str
    value: str


@dataclass(frozen=True)
class SummarySection:
    step_id: str
    title: str
    url: str
    rows: tuple[SummaryRow, ...]


def summary_sections(
    *, public_id: Any, definition: ServiceDefinition, answers: Mapping[str, Any]
) -> list[SummarySection]:
    language = _language()
    shown = {f.name for f in visible_fields(definition, answers)}
    sections = []
    for step in form_steps(definition, answers):
        rows = tuple(
            SummaryRow(
                label=f.label.get(language),
                value=answer_text(f, answers.get(f.name), language),
            )
            for f in step.fields
            if f.name in shown
        )
        if rows:
            sections.append(
                SummarySection(
                    step_id=step.id,
                    title=step.title.get(language),
                    url=draft_url(public_id, step.id),
                    rows=rows,
                )
            )
    return sections


# Attachments


def file_types_text(attachment: Attachment) -> str:
    return ", ".join(kind.upper() for kind in attachment.types)


def size_text(size: int) -> str:
    """A file size for people: "312 kB", "1,4 MB"."""
    if size < 1024 * 1024:
        return pgettext("filstørrelse", "%(size)s kB") % {"size": max(1, round(size / 1024))}
    megabytes = f"{size / 1024 / 1024:.1f}"
    if _language() == "da":
        megabytes = megabytes.replace(".", ",")
    return pgettext("filstørrelse", "%(size)s MB") % {"size": megabytes}
