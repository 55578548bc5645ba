"""Reads of contacts: one timeline across every channel, per citizen and per case.

Callers fetch the citizen or case through an access helper first: the contacts are as
visible as the citizen or case they belong to.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from borgerrejse.cases.models import Case, Channel, Status, TimelineEvent
from borgerrejse.contacts.models import Contact, Direction, HandlerKind
from borgerrejse.people.models import Citizen


@dataclass(frozen=True)
class TimelineEntry:
    """One contact in the merged timeline: a Contact row or a web submission."""

    at: dt.datetime
    channel: str
    channel_label: str
    direction: str
    direction_label: str
    handler_kind: str
    handler_name: str
    subject: str
    summary: str
    case_numbers: tuple[str, ...]
    resolved_at_first_contact: bool | None
    duration_seconds: int | None
    rating: int | None
    contact_id: int | None
    follows_up_id: int | None


def contacts_for_citizen(*, citizen: Citizen) -> QuerySet[Contact]:
    return Contact.objects.filter(citizen=citizen).prefetch_related("cases")


def rateable_contacts_for_citizen(*, citizen: Citizen) -> QuerySet[Contact]:
    """Contacts with a person the citizen has not rated yet, newest first."""
    return Contact.objects.filter(
        citizen=citizen, rating__isnull=True, handler_kind=HandlerKind.STAFF
    ).order_by("-started_at", "-id")


def access_contact_for_citizen(*, citizen: Citizen, contact_id: int) -> Contact | None:
    return Contact.objects.filter(citizen=citizen, pk=contact_id).first()


def _from_contact(contact: Contact) -> TimelineEntry:
    return TimelineEntry(
        at=contact.started_at,
        channel=contact.channel,
        channel_label=str(Channel(contact.channel).label),
        direction=contact.direction,
        direction_label=str(Direction(contact.direction).label),
        handler_kind=contact.handler_kind,
        handler_name=contact.handler_name,
        subject=contact.subject,
        summary=contact.summary,
        case_numbers=tuple(sorted(c.number or "" for c in contact.cases.all())),
        resolved_at_first_contact=contact.resolved_at_first_contact,
        duration_seconds=contact.duration_seconds,
        rating=contact.rating,
        contact_id=contact.pk,
        follows_up_id=contact.follows_up_id,
    )


def _from_submission(event: TimelineEvent) -> TimelineEntry:
    case = event.case
    return TimelineEntry(
        at=event.at,
        channel=event.channel,
        channel_label=str(Channel(event.channel).label),
        direction=Direction.INBOUND,
        direction_label=str(Direction.INBOUND.label),
        handler_kind=HandlerKind.AUTOMATION,
        handler_name="",
        subject=str(TimelineEvent.Kind.SUBMITTED.label),
        summary=case.service_version.title_da,
        case_numbers=(case.number or "",),
        resolved_at_first_contact=None,
        duration_seconds=None,
        rating=None,
        contact_id=None,
        follows_up_id=None,
    )


def _web_submissions() -> QuerySet[TimelineEvent]:
    # A web submission is a contact in its own right; it is on the case's timeline, and
    # not copied into Contact. Submissions on other channels have a Contact of their own.
    return TimelineEvent.objects.filter(
        kind=TimelineEvent.Kind.SUBMITTED, channel=Channel.WEB
    ).select_related("case__service_version")


def contact_timeline(
    *, citizen: Citizen | None = None, case: Case | None = None
) -> list[TimelineEntry]:
    """Every contact of the citizen (or about the case) on every channel, newest first.
    Three queries, however long the history."""
    if (citizen is None) == (case is None):
        raise ValueError("give a citizen or a case")
    if case is not None:
        contacts = Contact.objects.filter(cases=case)
        events = _web_submissions().filter(case=case)
    else:
        contacts = Contact.objects.filter(citizen=citizen)
        events = _web_submissions().filter(case__citizen=citizen).exclude(case__status=Status.DRAFT)
    entries = [_from_contact(c) for c in contacts.prefetch_related("cases")]
    entries += [_from_submission(e) for e in events]
    return sorted(entries, key=lambda entry: entry.at, reverse=True)


def desk_cases_for_citizen(*, citizen: Citizen) -> QuerySet[Case]:
    """The citizen's submitted cases for the desk overview: status and service only, so
    the desk can tell the citizen where things stand. Newest first."""
    return (
        Case.objects.filter(citizen=citizen)
        .exclude(status=Status.DRAFT)
        .select_related("service_version")
        .order_by("-submitted_at", "-id")
    )


def desk_drafts_for_citizen(*, citizen: Citizen) -> QuerySet[Case]:
    return (
        Case.objects.filter(citizen=citizen, status=Status.DRAFT)
        .select_related("service_version")
        .order_by("-updated_at", "-id")
    )


@dataclass(frozen=True)
class PhoneLoad:
    """Inbound calls answered in a recent window, for the phone wait estimate."""

    calls: int
    mean_duration_minutes: float | None


def phone_load_recent(*, now: dt.datetime, window: dt.timedelta) -> PhoneLoad:
    """Inbound phone contacts started in the `window` before `now`, and their mean length
    (only those with a duration recorded count towards it). One query."""
    calls = list(
        Contact.objects.filter(
            channel=Channel.PHONE,
            direction=Direction.INBOUND,
            started_at__gt=now - window,
            started_at__lte=now,
        ).values_list("duration_seconds", flat=True)
    )
    durations = [seconds for seconds in calls if seconds]
    mean = sum(durations) / len(durations) / 60 if durations else None
    return PhoneLoad(calls=len(calls), mean_duration_minutes=mean)
