"""Reads for the walk-in queue: what the kiosk, the display, the counters and the service
page show, and the live queue state the wait estimates are made from.

Each page reads the day's queue in a fixed number of queries (open counters, the tickets
of the day, recent handling times) and works out every service's state in Python: a
day's queue at one location is tens or hundreds of rows.
"""

from __future__ import annotations

import datetime as dt
import statistics
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from borgerrejse.appointments.models import (
    Counter,
    Location,
    Ticket,
    TicketStatus,
    WorkMode,
    WorkProfile,
)
from borgerrejse.appointments.wait_time import (
    RECENT_HANDLINGS,
    QueueState,
    handling_minutes_recent,
    wait_estimate_minutes,
    wait_estimate_new_arrival_minutes,
    wait_minutes_shown,
)
from borgerrejse.catalog.selectors import service_versions_current

# The display shows this many of the latest calls.
DISPLAY_CALLS = 8
_BUSY = (TicketStatus.CALLED, TicketStatus.SERVING)


def location_default() -> Location | None:
    """The location a kiosk or display without a location in its address stands in."""
    return Location.objects.order_by("pk").first()


def location_get(*, slug: str) -> Location | None:
    return Location.objects.filter(slug=slug).first()


@dataclass(frozen=True)
class WalkInService:
    slug: str
    title: str


def walk_in_services(*, on: dt.date, language: str) -> list[WalkInService]:
    """Services a citizen can come to the desk for, by title."""
    english = language.startswith("en")
    services = [
        WalkInService(slug=version.slug, title=version.title_en if english else version.title_da)
        for version in service_versions_current(on=on)
        if "desk" in (version.document.get("channels") or {})
    ]
    return sorted(services, key=lambda service: service.title.casefold())


# --- Queue state ----------------------------------------------------------------------


@dataclass(frozen=True)
class QueueSnapshot:
    """The day's queue at one location: enough to estimate any ticket's wait."""

    counters: tuple[Counter, ...]
    waiting: tuple[Ticket, ...]  # in calling order within each queue
    busy: tuple[Ticket, ...]  # called or being served
    handling: dict[str, list[float]]  # minutes, oldest first, per service
    arrivals_last_hour: int
    now: dt.datetime

    def _serving(self, service_slug: str) -> list[tuple[Counter, float]]:
        """Open counters that call from the service, each with its share of it."""
        shares: list[tuple[Counter, float]] = []
        for counter in self.counters:
            profile = counter.profile
            if not counter.is_open or profile is None or service_slug not in profile.weights:
                continue
            shares.append((counter, _share(profile, service_slug)))
        return shares

    def handling_minutes(self, service_slug: str) -> float:
        return handling_minutes_recent(
            self.handling.get(service_slug, []), service_slug=service_slug
        )

    def state(self, service_slug: str, *, ticket: Ticket | None = None) -> QueueState:
        """The queue as a ticket of the service sees it: `ticket`, or one drawn now."""
        serving = self._serving(service_slug)
        servers = sum(share for _counter, share in serving)
        counter_ids = {counter.pk for counter, _share in serving}
        busy_tickets = [t for t in self.busy if t.counter_id in counter_ids]
        shares = {counter.pk: share for counter, share in serving}
        busy = sum(shares[t.counter_id] for t in busy_tickets if t.counter_id is not None)
        # Counters that call by the longest wait share their services as one pool: a
        # ticket waits for everyone ahead in any of them. Otherwise, its own queue.
        pooled = bool(serving) and all(
            counter.profile is not None and counter.profile.mode == WorkMode.LONGEST_WAIT
            for counter, _share in serving
        )
        if pooled:
            pool = {slug for counter, _s in serving if counter.profile for slug in counter.services}
        else:
            pool = {service_slug}
        queue = [t for t in self.waiting if t.service_slug in pool]
        if ticket is not None:
            key = _order_key(ticket)
            ahead = [t for t in queue if _order_key(t) < key and t.pk != ticket.pk]
        else:
            ahead = queue
        work = [t.service_slug for t in ahead] + [t.service_slug for t in busy_tickets]
        handling = (
            statistics.fmean(self.handling_minutes(slug) for slug in work)
            if work
            else self.handling_minutes(service_slug)
        )
        return QueueState(
            ahead=len(ahead),
            servers=servers,
            busy=busy,
            handling_minutes=handling,
            arrivals_per_hour=float(self.arrivals_last_hour),
        )

    def waiting_count(self, service_slug: str) -> int:
        return sum(1 for ticket in self.waiting if ticket.service_slug == service_slug)

    def ticket_estimate(self, ticket: Ticket) -> int | None:
        """Whole minutes until the ticket is called; None when no counter serves it."""
        if ticket.status != TicketStatus.WAITING:
            return 0
        return wait_minutes_shown(
            wait_estimate_minutes(self.state(ticket.service_slug, ticket=ticket))
        )

    def drawn_now_estimate(self, service_slug: str) -> int | None:
        """For a ticket drawn at the kiosk this minute."""
        return wait_minutes_shown(wait_estimate_minutes(self.state(service_slug)))

    def new_arrival_estimate(self, service_slug: str) -> int | None:
        """For a citizen on their way in (the service page)."""
        return wait_minutes_shown(wait_estimate_new_arrival_minutes(self.state(service_slug)))

    def ahead_of(self, ticket: Ticket) -> int:
        return self.state(ticket.service_slug, ticket=ticket).ahead


def _share(profile: WorkProfile, service_slug: str) -> float:
    if profile.mode != WorkMode.WEIGHTED:
        return 1.0
    total = sum(profile.weight(slug) for slug in profile.weights)
    return profile.weight(service_slug) / total if total > 0 else 0.0


def _order_key(ticket: Ticket) -> tuple[int, dt.datetime, int]:
    return (-ticket.priority, ticket.queued_at, ticket.pk)


def queue_snapshot(*, location: Location, now: dt.datetime | None = None) -> QueueSnapshot:
    """Four queries: counters with profiles, the day's live tickets, recent handling
    times, and the last hour's arrivals."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    counters = tuple(
        Counter.objects.filter(location=location).select_related("profile").order_by("number")
    )
    live = list(
        Ticket.objects.filter(
            location=location,
            day=day,
            status__in=[TicketStatus.WAITING, *_BUSY],
        ).order_by("-priority", "queued_at", "pk")
    )
    served = (
        Ticket.objects.filter(
            location=location,
            day=day,
            status=TicketStatus.SERVED,
            served_started_at__isnull=False,
            served_ended_at__isnull=False,
        )
        .order_by("-served_ended_at")
        .values_list("service_slug", "served_started_at", "served_ended_at")[:200]
    )
    handling: dict[str, list[float]] = defaultdict(list)
    for slug, started, ended in reversed(list(served)):
        if started is not None and ended is not None:
            handling[slug].append((ended - started).total_seconds() / 60)
    for slug in handling:
        handling[slug] = handling[slug][-RECENT_HANDLINGS:]
    arrivals = Ticket.objects.filter(
        location=location,
        queued_at__gte=now - dt.timedelta(hours=1),
        transferred_from__isnull=True,
    ).count()
    return QueueSnapshot(
        counters=counters,
        waiting=tuple(t for t in live if t.status == TicketStatus.WAITING),
        busy=tuple(t for t in live if t.status in _BUSY),
        handling=dict(handling),
        arrivals_last_hour=arrivals,
        now=now,
    )


# --- Pages ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ServiceQueue:
    slug: str
    title: str
    waiting: int
    estimate_minutes: int | None  # None: no counter serves the queue now


def service_queues(
    *, snapshot: QueueSnapshot, services: Iterable[WalkInService]
) -> list[ServiceQueue]:
    return [
        ServiceQueue(
            slug=service.slug,
            title=service.title,
            waiting=snapshot.waiting_count(service.slug),
            estimate_minutes=snapshot.drawn_now_estimate(service.slug),
        )
        for service in services
    ]


def tickets_called(*, location: Location, now: dt.datetime | None = None) -> list[Ticket]:
    """The latest calls, newest first, with their counters: what the display shows."""
    now = now or timezone.now()
    return list(
        Ticket.objects.filter(
            location=location,
            day=timezone.localdate(now),
            status__in=list(_BUSY),
            counter__isnull=False,
        )
        .select_related("counter")
        .order_by("-called_at")[:DISPLAY_CALLS]
    )


def ticket_get(*, public_id: uuid.UUID | str) -> Ticket | None:
    return Ticket.objects.filter(public_id=public_id).select_related("location").first()


def counters_for_location(*, location: Location) -> QuerySet[Counter]:
    return Counter.objects.filter(location=location).select_related("profile", "staff")


def counter_get(*, counter_id: int) -> Counter | None:
    return Counter.objects.filter(pk=counter_id).select_related("profile", "location").first()


def work_profiles() -> QuerySet[WorkProfile]:
    return WorkProfile.objects.order_by("name")


def ticket_at_counter(*, counter: Counter) -> Ticket | None:
    return (
        Ticket.objects.filter(counter=counter, status__in=list(_BUSY))
        .select_related("citizen", "appointment")
        .first()
    )


def tickets_parked(*, location: Location, now: dt.datetime | None = None) -> list[Ticket]:
    now = now or timezone.now()
    return list(
        Ticket.objects.filter(
            location=location, day=timezone.localdate(now), status=TicketStatus.PARKED
        ).order_by("queued_at")
    )


def tickets_recorded(*, location: Location, now: dt.datetime | None = None) -> list[Ticket]:
    """The day's finished tickets, newest first: served, no-shows and transfers."""
    now = now or timezone.now()
    return list(
        Ticket.objects.filter(
            location=location,
            day=timezone.localdate(now),
            status__in=[TicketStatus.SERVED, TicketStatus.NO_SHOW, TicketStatus.TRANSFERRED],
        )
        .select_related("counter")
        .order_by("-served_ended_at", "-pk")[:20]
    )


def desk_wait_minutes(*, service_slug: str, now: dt.datetime | None = None) -> int | None:
    """The service page's "wait at the desk now": for a ticket drawn at the default
    location now; None when no counter serves the service."""
    location = location_default()
    if location is None:
        return None
    return queue_snapshot(location=location, now=now).new_arrival_estimate(service_slug)
