"""The priority policy: explicit, configurable, and readable by citizens.

A case's priority is the sum of the points of every rule that applies to it. Caseworkers'
queues are ordered by priority, then by due date. The policy is shown on every service
page, so a citizen can see why one case comes before another (DESIGN.md § 2.7).

A municipality changes the policy with the setting `CASE_PRIORITY_POLICY`: a list of
`{"id": …, "points": …}` that overrides the points of the rules below (0 switches a rule
off). The rules themselves are code, because each needs its own test.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from borgerrejse.catalog.schema import ServiceDefinition, Stakes
from borgerrejse.people.models import Citizen


@dataclass(frozen=True)
class PriorityFacts:
    definition: ServiceDefinition
    citizen: Citizen
    channel: str
    on: dt.date


@dataclass(frozen=True)
class PriorityRule:
    id: str
    points: int
    description: Promise
    applies: Callable[[PriorityFacts], bool]


VULNERABLE_AGE = 80

DEFAULT_RULES = (
    PriorityRule(
        "high_stakes",
        30,
        _("Sager, hvor meget står på spil for dig, fx din forsørgelse, kommer først."),
        lambda facts: facts.definition.stakes is Stakes.HIGH,
    ),
    PriorityRule(
        "medium_stakes",
        15,
        _("Sager om hjælp i hverdagen kommer før sager om fx et nyt kort."),
        lambda facts: facts.definition.stakes is Stakes.MEDIUM,
    ),
    PriorityRule(
        "vulnerable_citizen",
        20,
        _("Er du fritaget for Digital Post eller over 80 år, kommer din sag før andres."),
        lambda facts: (
            facts.citizen.is_digital_post_exempt(facts.on)
            or facts.citizen.age(facts.on) >= VULNERABLE_AGE
        ),
    ),
    PriorityRule(
        "self_service",
        5,
        _("Søger du selv online, får du svar lidt hurtigere."),
        lambda facts: facts.channel == "web",
    ),
)


@dataclass(frozen=True)
class Priority:
    points: int
    reasons: list[str]  # the ids of the rules that applied


def priority_rules() -> list[PriorityRule]:
    overrides = {item["id"]: int(item["points"]) for item in settings.CASE_PRIORITY_POLICY}
    rules = [
        PriorityRule(rule.id, overrides.get(rule.id, rule.points), rule.description, rule.applies)
        for rule in DEFAULT_RULES
    ]
    return [rule for rule in rules if rule.points]


def priority_for(facts: PriorityFacts) -> Priority:
    applied = [rule for rule in priority_rules() if rule.applies(facts)]
    return Priority(sum(rule.points for rule in applied), [rule.id for rule in applied])
