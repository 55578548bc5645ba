"""What to expect now on each channel a service offers: the service page's channel facts.

Online: the instant decision where the rules can decide (the catalogue's processing
time). Desk: the wait if you come in now, from the live walk-in queue, and the opening
hours. Booked meetings (desk, phone, video): the next free time. Phone: when we answer, and the
wait if you call now: Erlang C on the last hour's inbound calls (their number and mean
length, from the contacts) and the lines open (`PHONE_LINES_OPEN`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from borgerrejse.appointments.booking import when_text
from borgerrejse.appointments.models import AppointmentKind, OpeningHours, Weekday
from borgerrejse.appointments.selectors import appointment_types, next_free_slot
from borgerrejse.appointments.wait_time import erlang_c_mean_wait_minutes, wait_minutes_shown
from borgerrejse.appointments.walkin_selectors import desk_wait_minutes, location_default
from borgerrejse.catalog.schema import Channel, ServiceDefinition
from borgerrejse.contacts.selectors import phone_load_recent
from borgerrejse.portal.selectors import CHANNELS, processing_time_text


@dataclass(frozen=True)
class ChannelFact:
    channel: Channel
    name: str
    facts: list[str] = field(default_factory=list)


def _next_free(service_slug: str, kind: AppointmentKind, language: str) -> str | None:
    slot = next_free_slot(service_slug, kind)
    if slot is None:
        return None
    return when_text(slot.starts_at, language)


def _desk_wait_text(service_slug: str) -> str:
    minutes = desk_wait_minutes(service_slug=service_slug)
    if minutes is None:
        return _("Ventetid i Borgerservice: ingen skranke er åben lige nu.")
    if minutes == 0:
        return _("Ventetid i Borgerservice lige nu: ingen.")
    return ngettext(
        "Ventetid i Borgerservice lige nu: ca. %(minutes)d minut.",
        "Ventetid i Borgerservice lige nu: ca. %(minutes)d minutter.",
        minutes,
    ) % {"minutes": minutes}


PHONE_WINDOW = dt.timedelta(hours=1)


def phone_wait_minutes(now: dt.datetime) -> float | None:
    """The expected wait if you call now, or None while the phone is closed.

    Erlang C with the last hour's inbound calls as the arrival rate, their mean length as
    the handling time and the open lines as servers. At or above capacity there is no
    steady-state mean; we then say the wait is long rather than show a number.
    """
    local = timezone.localtime(now)
    opens, closes = (dt.time.fromisoformat(t) for t in settings.PHONE_HOURS)
    if local.weekday() >= 5 or not opens <= local.time() < closes:
        return None
    load = phone_load_recent(now=now, window=PHONE_WINDOW)
    minutes = erlang_c_mean_wait_minutes(
        arrivals_per_hour=load.calls / (PHONE_WINDOW.total_seconds() / 3600),
        handling_minutes=load.mean_duration_minutes or settings.PHONE_DEFAULT_CALL_MINUTES,
        servers=settings.PHONE_LINES_OPEN,
    )
    return float("inf") if minutes is None else minutes


def _clock_text(value: str) -> str:
    """08:00 as "8", 08:30 as "8.30": how Danes write opening hours."""
    time = dt.time.fromisoformat(value)
    return f"{time.hour}" if time.minute == 0 else f"{time.hour}.{time.minute:02d}"


def _phone_wait_text(now: dt.datetime) -> str:
    minutes = phone_wait_minutes(now)
    if minutes is None:
        return _("Telefonen er lukket lige nu.")
    if minutes == float("inf"):
        return _("Der er lang ventetid i telefonen lige nu. Book en tid, så ringer vi dig op.")
    shown = wait_minutes_shown(minutes) or 0
    if shown == 0:
        return _("Ringer du nu, kommer du typisk igennem med det samme.")
    return ngettext(
        "Ringer du nu, er ventetiden ca. %(minutes)d minut.",
        "Ringer du nu, er ventetiden ca. %(minutes)d minutter.",
        shown,
    ) % {"minutes": shown}


def _opening_hours_text(now: dt.datetime) -> str | None:
    location = location_default()
    if location is None:
        return None
    weekday = timezone.localtime(now).weekday()
    hours = list(OpeningHours.objects.filter(location=location, weekday=weekday))
    if not hours:
        return _("Borgerservice har lukket i dag.")
    spans = ", ".join(f"{h.opens:%H.%M}–{h.closes:%H.%M}" for h in hours)
    return _("Åbent i dag (%(day)s): %(hours)s.") % {
        "day": Weekday(weekday).label,
        "hours": spans,
    }


def channel_facts(definition: ServiceDefinition, *, language: str) -> list[ChannelFact]:
    now = timezone.now()
    kinds = {kind.kind for kind in appointment_types(definition.slug)}
    facts: list[ChannelFact] = []
    for channel, name in CHANNELS.items():
        terms = definition.channels.get(channel)
        if terms is None:
            continue
        lines: list[str] = []
        if channel is Channel.WEB:
            if terms.booking_only and AppointmentKind.DESK in kinds:
                when = _next_free(definition.slug, AppointmentKind.DESK, language)
                lines.append(
                    _("Book en tid online. Næste ledige tid: %(when)s.") % {"when": when}
                    if when
                    else _("Book en tid online. Der er ingen ledige tider lige nu.")
                )
            else:
                lines.append(
                    processing_time_text(
                        channel=channel, terms=terms, automation=definition.automation
                    )
                )
        elif channel is Channel.DESK:
            lines.append(_desk_wait_text(definition.slug))
            opening = _opening_hours_text(now)
            if opening:
                lines.append(opening)
            if AppointmentKind.DESK in kinds and not (
                Channel.WEB in definition.channels and definition.channels[Channel.WEB].booking_only
            ):
                when = _next_free(definition.slug, AppointmentKind.DESK, language)
                if when:
                    lines.append(_("Næste ledige tid ved skranken: %(when)s.") % {"when": when})
        elif channel is Channel.PHONE:
            opens, closes = (_clock_text(t) for t in settings.PHONE_HOURS)
            lines.append(
                _("Vi tager telefonen mandag til fredag kl. %(opens)s–%(closes)s.")
                % {"opens": opens, "closes": closes}
            )
            lines.append(_phone_wait_text(now))
            if AppointmentKind.PHONE in kinds:
                when = _next_free(definition.slug, AppointmentKind.PHONE, language)
                if when:
                    lines.append(
                        _("Vil du hellere ringes op? Næste ledige tid: %(when)s.") % {"when": when}
                    )
        # Video meetings come with the phone channel when a service has no video channel.
        video_here = channel is Channel.VIDEO or (
            channel is Channel.PHONE and Channel.VIDEO not in definition.channels
        )
        if video_here and AppointmentKind.VIDEO in kinds:
            when = _next_free(definition.slug, AppointmentKind.VIDEO, language)
            if when:
                lines.append(_("Næste ledige videomøde: %(when)s.") % {"when": when})
        if lines:
            facts.append(ChannelFact(channel=channel, name=str(name), facts=lines))
    return facts
