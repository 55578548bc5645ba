"""What to expect now on each channel a service offers: the service page's channel facts.

Online: the instant decision where the rules can decide (the catalogue's processing
time). Desk: the wait if you come in now, from the live walk-in queue, and the opening
hours. Booked meetings (desk, phone, video): the next free time. Phone: when we answer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from borgerrejse.appointments.booking import when_text
from borgerrejse.appointments.models import AppointmentKind, OpeningHours, Weekday
from borgerrejse.appointments.selectors import appointment_types, next_free_slot
from borgerrejse.appointments.walkin_selectors import desk_wait_minutes, location_default
from borgerrejse.catalog.schema import Channel, ServiceDefinition
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
            lines.append(_("Vi tager telefonen mandag til fredag kl. 8–15."))
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
