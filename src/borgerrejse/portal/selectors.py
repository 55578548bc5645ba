"""Reads for the citizen portal: the catalogue as the front page and service pages show it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from borgerrejse.cases.priority import priority_rules
from borgerrejse.catalog.departments import Team, team_for
from borgerrejse.catalog.schema import Channel, ChannelTerms, LifeSituation, ServiceDefinition
from borgerrejse.catalog.selectors import (
    service_definition,
    service_version_get,
    service_versions_current,
)
from borgerrejse.rules.definitions import AutomationPolicy

# Groups follow the course of a life, from a child's birth to a death; the everyday
# matters (money, travel, digital mail) come after the big events.
LIFE_SITUATIONS: dict[LifeSituation, Promise] = {
    LifeSituation.CHILDREN: _("Børn og familie"),
    LifeSituation.MOVING: _("Flytning"),
    LifeSituation.HEALTH: _("Sundhed"),
    LifeSituation.DISABILITY: _("Handicap og hjælpemidler"),
    LifeSituation.MONEY: _("Penge og ydelser"),
    LifeSituation.TRAVEL: _("Pas og rejser"),
    LifeSituation.DIGITAL: _("Digital Post og MitID"),
    LifeSituation.DEATH: _("Dødsfald"),
}

# Channels keep one order on every card, so citizens can compare services at a glance.
CHANNELS: dict[Channel, Promise] = {
    Channel.WEB: _("Online"),
    Channel.PHONE: _("Telefon"),
    Channel.DESK: _("Borgerservice (skranke)"),
    Channel.VIDEO: _("Video"),
    Channel.LETTER: _("Brev"),
    Channel.EMAIL: _("E-mail"),
}

# The icon from the DKFDS sprite that stands beside each channel.
CHANNEL_ICONS: dict[Channel, str] = {
    Channel.WEB: "laptop",
    Channel.PHONE: "headset",
    Channel.DESK: "location",
    Channel.VIDEO: "videocam",
    Channel.LETTER: "document",
    Channel.EMAIL: "email",
}


@dataclass(frozen=True)
class ChannelOffer:
    """One way to get a service, and how long the answer takes that way."""

    channel: Channel
    name: str
    icon: str
    processing_time: str
    in_person: bool


@dataclass(frozen=True)
class ServiceListing:
    slug: str
    title: str
    summary: str
    channels: tuple[ChannelOffer, ...]


@dataclass(frozen=True)
class LifeSituationGroup:
    situation: LifeSituation
    name: str
    services: tuple[ServiceListing, ...]

    @property
    def anchor(self) -> str:
        return f"emne-{self.situation.value}"


def processing_time_text(
    *, channel: Channel, terms: ChannelTerms, automation: AutomationPolicy
) -> str:
    """What a citizen can expect on a channel, in the active language."""
    if channel is Channel.WEB and terms.booking_only:
        return str(_("Book tid online"))
    days = terms.deadline_working_days
    if days > 0:
        return ngettext("Op til %(days)d arbejdsdag", "Op til %(days)d arbejdsdage", days) % {
            "days": days
        }
    # Automation only ever grants (never rejects), so "at once" holds only when the rules
    # can decide; otherwise a caseworker answers within the day.
    if channel is Channel.WEB and automation is AutomationPolicy.GRANT_ONLY:
        return str(_("Svar med det samme, når reglerne kan afgøre det"))
    if channel is Channel.DESK:
        return str(_("Ved fremmøde"))
    return str(_("Samme dag"))


def service_listing(definition: ServiceDefinition, *, language: str) -> ServiceListing:
    offers = tuple(
        ChannelOffer(
            channel=channel,
            name=str(name),
            icon=CHANNEL_ICONS[channel],
            processing_time=processing_time_text(
                channel=channel,
                terms=definition.channels[channel],
                automation=definition.automation,
            ),
            in_person=definition.channels[channel].attendance_required,
        )
        for channel, name in CHANNELS.items()
        if channel in definition.channels
    )
    return ServiceListing(
        slug=definition.slug,
        title=definition.title.get(language),
        summary=definition.summary.get(language),
        channels=offers,
    )


# Danish sorts æ, ø and å after z, in that order; code points put å first. The
# characters after z in ASCII keep that order.
_DANISH_ORDER = str.maketrans("æøå", "{|}")


def _danish_sort_key(text: str) -> str:
    return text.casefold().translate(_DANISH_ORDER)


def catalogue_overview(*, on: dt.date, language: str) -> list[LifeSituationGroup]:
    """The services valid on a date, grouped by life situation. One query in all."""
    by_situation: dict[LifeSituation, list[ServiceListing]] = {}
    for version in service_versions_current(on=on):
        definition = service_definition(version)
        by_situation.setdefault(definition.life_situation, []).append(
            service_listing(definition, language=language)
        )
    return [
        LifeSituationGroup(
            situation=situation,
            name=str(name),
            services=tuple(
                sorted(by_situation[situation], key=lambda s: _danish_sort_key(s.title))
            ),
        )
        for situation, name in LIFE_SITUATIONS.items()
        if situation in by_situation
    ]


# The service page


@dataclass(frozen=True)
class Question:
    label: str
    # Asked only for some answers: the citizen may not see it.
    conditional: bool


@dataclass(frozen=True)
class QuestionGroup:
    title: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class AttachmentNeed:
    label: str
    help: str
    required: bool
    types: str
    max_size_mb: int


@dataclass(frozen=True)
class PriorityRuleText:
    description: str
    points: int


@dataclass(frozen=True)
class ServicePage:
    """Everything a citizen should know before applying for one service."""

    slug: str
    listing: ServiceListing
    questions: tuple[QuestionGroup, ...]
    attachments: tuple[AttachmentNeed, ...]
    # Whether the web channel takes applications (not only bookings).
    apply_online: bool
    # The web channel only books a visit; the application itself is made in person.
    booking_only: bool
    automation: AutomationPolicy
    team: Team
    in_person_channels: tuple[ChannelOffer, ...]
    priority_rules: tuple[PriorityRuleText, ...]


def service_page(definition: ServiceDefinition, *, language: str) -> ServicePage:
    listing = service_listing(definition, language=language)
    web = definition.channels.get(Channel.WEB)
    return ServicePage(
        slug=definition.slug,
        listing=listing,
        questions=tuple(
            QuestionGroup(
                title=step.title.get(language),
                questions=tuple(
                    Question(label=field.label.get(language), conditional=field.show_if is not None)
                    for field in step.fields
                ),
            )
            for step in definition.form.steps
        ),
        attachments=tuple(
            AttachmentNeed(
                label=attachment.label.get(language),
                help=attachment.help.get(language) if attachment.help else "",
                required=attachment.required,
                types=", ".join(kind.upper() for kind in attachment.types),
                max_size_mb=attachment.max_size_mb,
            )
            for attachment in definition.attachments
        ),
        apply_online=web is not None and not web.booking_only,
        booking_only=web is not None and web.booking_only,
        automation=definition.automation,
        team=team_for(definition.department),
        in_person_channels=tuple(
            offer for offer in listing.channels if offer.channel is not Channel.WEB
        ),
        priority_rules=tuple(
            PriorityRuleText(description=str(rule.description), points=rule.points)
            for rule in sorted(priority_rules(), key=lambda rule: -rule.points)
        ),
    )


def service_definition_current(*, slug: str, on: dt.date) -> ServiceDefinition:
    """The definition of a service valid on a date. Raises ServiceNotFound."""
    return service_definition(service_version_get(slug=slug, on=on))
