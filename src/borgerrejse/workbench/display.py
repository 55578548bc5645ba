"""A case as a caseworker reads it: the answers by their questions, decisions, the whole
timeline with internal events marked, and the citizen. What the rules found is in
`trace.py`.

Values are written as people read them ("12.950 kr.", "1. maj 1950", "ja"), never as the
JSON they are stored in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from borgerrejse.cases.letters import fact_value_text
from borgerrejse.cases.models import (
    ActorKind,
    Case,
    Channel,
    Decision,
    DecisionOutcome,
    InternalNote,
    Status,
    TimelineEvent,
)
from borgerrejse.catalog.departments import team_for
from borgerrejse.catalog.selectors import service_definition
from borgerrejse.notifications.models import Message, MessageChannel, MessageStatus
from borgerrejse.notifications.texts import TEMPLATES
from borgerrejse.people.models import (
    Citizen,
    DigitalPostExemptionReason,
    Language,
    PreferredChannel,
)
from borgerrejse.rules.definitions import LocalText, ValueType
from borgerrejse.rules.presentation import kroner_text

UNKNOWN_ANSWER = "unknown"

# The priority policy's rules (cases.priority), in a word or two for the queue.
PRIORITY_REASONS: dict[str, Promise] = {
    "high_stakes": gettext_lazy("Meget på spil"),
    "medium_stakes": gettext_lazy("Hjælp i hverdagen"),
    "vulnerable_citizen": gettext_lazy("Sårbar borger"),
    "self_service": gettext_lazy("Selvbetjening"),
}

# Case statuses and timeline events are worded for the citizen ("Venter på svar fra dig");
# these few read differently from the caseworker's side.
_STAFF_STATUSES: dict[str, Promise] = {
    Status.AWAITING_CITIZEN: gettext_lazy("Venter på borgeren"),
}
_STAFF_EVENTS: dict[str, Promise] = {
    TimelineEvent.Kind.INFORMATION_REQUESTED: gettext_lazy("Borgeren er bedt om oplysninger"),
    TimelineEvent.Kind.INFORMATION_RECEIVED: gettext_lazy("Borgerens svar er modtaget"),
}


def staff_status(status: str) -> str:
    """A case status as a caseworker reads it."""
    if status in _STAFF_STATUSES:
        return str(_STAFF_STATUSES[status])
    return str(Status(status).label) if status in Status.values else status


def status_badge(status: str) -> str:
    """The DKFDS badge variant for a case status, as the staff lists show it."""
    if status in {Status.AWAITING_CASEWORKER, Status.CONTESTED}:
        return "badge-warning"
    if status == Status.AWAITING_CITIZEN:
        return "badge-info"
    if status in {Status.DECIDED, Status.CLOSED}:
        return "badge-success"
    return ""


def priority_reasons(case: Case) -> list[str]:
    return [str(PRIORITY_REASONS.get(reason, reason)) for reason in case.priority_reasons]


def is_overdue(case: Case, today: dt.date) -> bool:
    """Past its due date while the clock runs: a stopped clock waits for the citizen."""
    return (
        case.due_date is not None
        and case.clock_stopped_on is None
        and case.status in {Status.AWAITING_CASEWORKER, Status.IN_REVIEW, Status.CONTESTED}
        and case.due_date < today
    )


# The answers


@dataclass(frozen=True)
class Line:
    label: str
    value: str
    # The label is a name from the rules, with no words for it in the definition.
    code: bool = False


@dataclass(frozen=True)
class AnswerGroup:
    title: str
    lines: tuple[Line, ...]


def answer_groups(case: Case, language: str) -> list[AnswerGroup]:
    """The citizen's answers under the form's steps, labelled by the questions asked.

    A question the citizen was not shown (its condition was false) has no answer and is
    left out; an answer the form no longer knows is listed by its name at the end.
    """
    definition = service_definition(case.service_version)
    groups = []
    asked: set[str] = set()
    for step in definition.form.steps:
        lines = []
        for field in step.fields:
            asked.add(field.name)
            if field.name not in case.answers:
                continue
            kind = _value_type(field.fact().type.value)
            lines.append(
                Line(
                    field.label.get(language),
                    _answer_text(kind, case.answers[field.name], language, field.options),
                )
            )
        if lines:
            groups.append(AnswerGroup(step.title.get(language), tuple(lines)))
    others = tuple(
        Line(name, _answer_text(None, value, language, {}))
        for name, value in case.answers.items()
        if name not in asked
    )
    if others:
        groups.append(AnswerGroup(_("Andre oplysninger"), others))
    return groups


def _answer_text(
    kind: ValueType | None, value: Any, language: str, options: Mapping[str, LocalText]
) -> str:
    if value == UNKNOWN_ANSWER:
        return _("Ved ikke")
    if value is None or value == "":
        return "–"
    return fact_value_text(kind, value, language, options)


def _value_type(name: str) -> ValueType | None:
    try:
        return ValueType(name)
    except ValueError:
        return None


def kroner(amount: Any, language: str) -> str:
    try:
        ore = int((Decimal(str(amount)) * 100).to_integral_value())
    except InvalidOperation:
        return str(amount)
    return kroner_text(ore, language)


def amount_text(amount: Decimal | None, language: str) -> str:
    return "" if amount is None else kroner(amount, language)


# Decisions


@dataclass(frozen=True)
class DecisionLine:
    decision: Decision
    outcome: str
    amount: str
    reasons: tuple[Line, ...]
    legal_basis: str
    decided_by: str
    approved_by: str
    automated: bool
    replaced: bool


def decision_lines(decisions: Iterable[Decision], language: str) -> list[DecisionLine]:
    decisions = list(decisions)
    replaced = {d.replaces_id for d in decisions if d.replaces_id is not None}
    return [
        DecisionLine(
            decision=decision,
            outcome=str(DecisionOutcome(decision.outcome).label),
            amount=amount_text(decision.amount, language),
            reasons=tuple(
                Line(local(reason.get("text"), language), str(reason.get("legal_basis", "")))
                for reason in decision.reasons
            ),
            legal_basis=decision.legal_basis,
            decided_by=(
                decision.rule_set_version or decision.decided_by_name
                if decision.is_automated
                else decision.decided_by_name
            ),
            approved_by=person_name(decision.approved_by),
            automated=decision.is_automated,
            replaced=decision.pk in replaced,
        )
        for decision in decisions
    ]


def local(text: Mapping[str, str] | None, language: str) -> str:
    if not text:
        return ""
    return text.get(language) or text.get("da", "")


def person_name(user: Any) -> str:
    if user is None:
        return ""
    return str(user.get_full_name() or user.get_username())


# The timeline


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    text: str
    actor: str
    channel: str
    status_change: str
    detail: str
    internal: bool
    # For a message to the citizen: how its delivery went, and why it failed.
    delivery: str = ""
    delivery_badge: str = ""
    delivery_note: str = ""


def timeline_entries(
    events: Iterable[TimelineEvent],
    notes: Iterable[InternalNote],
    messages: Iterable[Message] = (),
) -> list[TimelineEntry]:
    """Every event of the case and every message to the citizen, newest first; internal
    events are marked. Events and messages come oldest first; a message sorts after the
    event that caused it."""
    note_texts = {note.pk: note.text for note in notes}
    entries = []
    for event in events:
        actor = event.get_actor_kind_display()
        if event.actor_name and event.actor_kind != ActorKind.CITIZEN:
            actor = f"{actor}: {event.actor_name}"
        elif event.actor_name:
            actor = f"{actor} ({event.actor_name})"
        change = ""
        if event.status_from and event.status_to and event.status_from != event.status_to:
            change = f"{staff_status(event.status_from)} → {staff_status(event.status_to)}"
        entries.append(
            TimelineEntry(
                at=event.at,
                text=str(_STAFF_EVENTS.get(event.kind, event.get_kind_display())),
                actor=actor,
                channel=event.get_channel_display(),
                status_change=change,
                detail=_event_detail(event, note_texts),
                internal=not event.visible_to_citizen,
            )
        )
    entries += [_message_entry(message) for message in messages]
    # Stable: at equal times the later-added entry (the message) stays after its event.
    ordered = sorted(enumerate(entries), key=lambda pair: (pair[1].at, pair[0]))
    return [entry for _index, entry in reversed(ordered)]


MESSAGE_BADGES: dict[str, str] = {
    MessageStatus.QUEUED: "badge-info",
    MessageStatus.SENDING: "badge-info",
    MessageStatus.DELIVERED: "badge-success",
    MessageStatus.FAILED: "badge-error",
}


def message_kind(message: Message) -> str:
    """What kind of message it is, by its template: "Afgørelse", "Påmindelse om frist"."""
    template = TEMPLATES.get(message.template)
    return str(template.label) if template else message.template


def message_channel_label(message: Message) -> str:
    if message.channel in MessageChannel.values:
        return str(MessageChannel(message.channel).label)
    return message.channel


def _message_entry(message: Message) -> TimelineEntry:
    note = ""
    if message.status == MessageStatus.FAILED:
        note = _("Fejl efter %(attempts)s forsøg: %(error)s") % {
            "attempts": message.attempts,
            "error": message.last_error,
        }
        if message.alert_resolved_at is not None:
            note += " " + _("Håndteret af %(name)s.") % {"name": message.alert_resolved_by}
    elif message.status != MessageStatus.DELIVERED and message.last_error:
        note = _("Prøver igen efter %(attempts)s forsøg: %(error)s") % {
            "attempts": message.attempts,
            "error": message.last_error,
        }
    return TimelineEntry(
        at=message.delivered_at or message.failed_at or message.created_at,
        text=_("Besked til borgeren: %(kind)s") % {"kind": message_kind(message)},
        # The outbox sends it, whoever caused it: the event above says who that was.
        actor=str(Channel.SYSTEM.label),
        channel=message_channel_label(message),
        status_change="",
        detail=message.subject,
        internal=False,
        delivery=str(MessageStatus(message.status).label),
        delivery_badge=MESSAGE_BADGES.get(message.status, ""),
        delivery_note=note,
    )


def _event_detail(event: TimelineEvent, notes: Mapping[int, str]) -> str:
    data = event.data or {}
    kind = TimelineEvent.Kind
    if event.kind == kind.NOTE_ADDED:
        return notes.get(data.get("note", 0), "")
    if event.kind in {kind.INFORMATION_REQUESTED, kind.CONTESTED}:
        return str(data.get("message") or data.get("reason") or "")
    if event.kind == kind.ASSIGNED:
        return str(data.get("handler", ""))
    if event.kind == kind.ATTACHMENT_ADDED:
        return str(data.get("attachment", ""))
    if event.kind == kind.FORWARDED:
        department = data.get("to_department", "")
        return str(team_for(department).name) if department else ""
    if event.kind == kind.CONSULTATION_WAIVED:
        return str(data.get("reason", ""))
    if event.kind in {kind.DECIDED, kind.DECISION_PROPOSED}:
        outcome = data.get("outcome", "")
        return str(DecisionOutcome(outcome).label) if outcome in DecisionOutcome.values else ""
    if event.kind == kind.REVIEWED:
        return _("Ændret") if data.get("overturned") else _("Fastholdt")
    return ""


# The citizen


@dataclass(frozen=True)
class CitizenView:
    citizen: Citizen
    age: int
    address: str
    language: str
    channels: tuple[str, ...]
    digital_post_exempt: bool
    exemption_reason: str
    exempt_until: dt.date | None


def citizen_view(citizen: Citizen, today: dt.date) -> CitizenView:
    exempt = citizen.is_digital_post_exempt(today)
    address = ", ".join(
        part for part in (citizen.street, f"{citizen.postcode} {citizen.city}".strip()) if part
    )
    return CitizenView(
        citizen=citizen,
        age=citizen.age(today),
        address=address,
        language=str(Language(citizen.preferred_language).label),
        channels=tuple(
            str(PreferredChannel(channel).label)
            for channel in citizen.preferred_channels
            if channel in PreferredChannel.values
        ),
        digital_post_exempt=exempt,
        exemption_reason=(
            str(DigitalPostExemptionReason(citizen.digital_post_exempt_reason).label)
            if exempt
            else ""
        ),
        exempt_until=citizen.digital_post_exempt_until if exempt else None,
    )
