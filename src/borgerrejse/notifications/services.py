"""Writes of the outbox: queue a message in the caller's transaction.

Cases record timeline events; `messages_queue_for_event` turns the events a citizen must
hear about into messages, in the same transaction, so the message exists exactly when the
change does. Queueing is idempotent: the key is derived from the cause.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from borgerrejse.cases.models import Case, Consultation, InformationRequest, TimelineEvent
from borgerrejse.cases.working_days import add_working_days
from borgerrejse.catalog.selectors import service_definition
from borgerrejse.notifications.channels import message_channel
from borgerrejse.notifications.models import Message, MessageChannel, MessageStatus
from borgerrejse.notifications.texts import TEMPLATES
from borgerrejse.people.models import Citizen
from borgerrejse.rules.presentation import date_text
from borgerrejse.staff.selectors import case_contact

Kind = TimelineEvent.Kind

# Timeline events the citizen is told about, and with which template. A case decided at
# once needs no receipt: the decision letter is the answer.
EVENT_TEMPLATES: dict[str, str] = {
    Kind.REFERRED: "receipt",
    Kind.DECIDED: "decision",
    Kind.INFORMATION_REQUESTED: "information_request",
    Kind.CONSULTATION_SENT: "consultation",
}

# Reminders go out this many working days before a deadline the citizen must meet.
REMINDER_WORKING_DAYS = 2


def message_queue(
    *,
    citizen: Citizen,
    template: str,
    key: str,
    context: Mapping[str, Any],
    case: Case | None = None,
    data: Mapping[str, Any] | None = None,
) -> Message:
    """Queue one message. A second call with the same `key` returns the first message.

    `context` fills the template's placeholders; `data` is kept for rendering attachments
    later (the decision's id, say).
    """
    existing = Message.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing
    definition = TEMPLATES[template]
    language = citizen.preferred_language or settings.LANGUAGE_CODE
    subject, body = definition.render(context, language)
    now = timezone.now()
    return Message.objects.create(
        idempotency_key=key,
        citizen=citizen,
        case=case,
        template=template,
        purpose=definition.purpose,
        channel=message_channel(
            citizen=citizen, purpose=definition.purpose, on=timezone.localdate(now)
        ),
        language=language,
        subject=subject[:200],
        body=body,
        context=dict(data or {}),
        status=MessageStatus.QUEUED,
        available_at=now,
    )


def message_queue_sms(
    *, phone: str, template: str, key: str, context: Mapping[str, Any], language: str
) -> Message:
    """Queue an SMS to a number with no citizen behind it (a walk-in who gave their number
    at the kiosk). A second call with the same `key` returns the first message."""
    existing = Message.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing
    definition = TEMPLATES[template]
    subject, body = definition.render(context, language)
    return Message.objects.create(
        idempotency_key=key,
        phone=phone,
        template=template,
        purpose=definition.purpose,
        channel=MessageChannel.SMS,
        language=language,
        subject=subject[:200],
        body=body,
        status=MessageStatus.QUEUED,
        available_at=timezone.now(),
    )


def messages_queue_for_event(event: TimelineEvent) -> Message | None:
    """The message a timeline event sends the citizen, if any. Runs inside the
    transaction that records the event."""
    template = EVENT_TEMPLATES.get(event.kind)
    if template is None or not event.visible_to_citizen:
        return None
    case = event.case
    language = case.citizen.preferred_language or settings.LANGUAGE_CODE
    context = case_context(case, language)
    data: dict[str, Any] = {"event": event.pk}
    if event.kind == Kind.DECIDED:
        data["decision"] = event.data["decision"]
    elif event.kind == Kind.INFORMATION_REQUESTED:
        request = InformationRequest.objects.get(pk=event.data["request"])
        context |= {
            "request": request.message,
            "respond_by": date_text(request.respond_by, language),
        }
    elif event.kind == Kind.CONSULTATION_SENT:
        consultation = Consultation.objects.get(pk=event.data["consultation"])
        respond_by = consultation.respond_by
        context |= {
            "information": consultation.information,
            "respond_by": date_text(respond_by, language) if respond_by else "",
        }
    return message_queue(
        citizen=case.citizen,
        case=case,
        template=template,
        key=f"event:{event.pk}:{template}",
        context=context,
        data=data,
    )


def reminders_queue_due(*, on: dt.date) -> list[Message]:
    """Remind citizens of requests and consultations that are due soon and unanswered.

    Run by the worker a few times an hour; each deadline gets one reminder at most.
    """
    soon = add_working_days(on, REMINDER_WORKING_DAYS)
    queued = []
    requests = InformationRequest.objects.filter(
        state=InformationRequest.State.OPEN, respond_by__gte=on, respond_by__lte=soon
    ).select_related("case__citizen", "case__service_version", "case__handler")
    consultations = Consultation.objects.filter(
        state=Consultation.State.SENT, respond_by__gte=on, respond_by__lte=soon
    ).select_related("case__citizen", "case__service_version", "case__handler")
    pending: list[tuple[str, Case, dt.date]] = [
        *((f"reminder:request:{r.pk}", r.case, r.respond_by) for r in requests),
        *(
            (f"reminder:consultation:{c.pk}", c.case, c.respond_by)
            for c in consultations
            if c.respond_by is not None
        ),
    ]
    for key, case, respond_by in pending:
        language = case.citizen.preferred_language or settings.LANGUAGE_CODE
        with transaction.atomic():
            queued.append(
                message_queue(
                    citizen=case.citizen,
                    case=case,
                    template="deadline_reminder",
                    key=key,
                    context=case_context(case, language)
                    | {"respond_by": date_text(respond_by, language)},
                )
            )
    return queued


def case_context(case: Case, language: str) -> dict[str, Any]:
    """The placeholders every case message can use."""
    contact = case_contact(case=case)
    title = service_definition(case.service_version).title.get(language)
    prefix = "/en" if language == "en" else ""
    return {
        "title": title,
        "number": case.number,
        "due": date_text(case.due_date, language) if case.due_date else "",
        "url": f"{settings.PUBLIC_BASE_URL}{prefix}/sager/{case.number}/",
        "contact": contact.name,
        "phone": contact.phone,
        "email": contact.email,
    }


def message_alert_resolve(*, message: Message, resolved_by: str) -> Message:
    """Staff have dealt with a failed message (called the citizen, sent it by hand)."""
    with transaction.atomic():
        locked = Message.objects.select_for_update().get(pk=message.pk)
        if locked.alert_resolved_at is None:
            locked.alert_resolved_at = timezone.now()
            locked.alert_resolved_by = resolved_by
            locked.save(update_fields=["alert_resolved_at", "alert_resolved_by"])
        return locked
