"""Cases built through the real services, as a citizen would build them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from borgerrejse.cases.models import Case, Channel, DecisionPreference
from borgerrejse.cases.services import Actor, case_draft_save, case_draft_start, case_submit
from borgerrejse.catalog.selectors import service_version_get
from borgerrejse.people.models import Citizen

TODAY = dt.date(2026, 3, 2)  # a Monday


def submitted_case(
    citizen: Citizen,
    slug: str,
    answers: dict[str, Any],
    *,
    preference: DecisionPreference = DecisionPreference.INSTANT,
    channel: Channel = Channel.WEB,
    today: dt.date = TODAY,
) -> Case:
    actor = Actor.for_citizen(citizen)
    version = service_version_get(slug=slug, on=today)
    case = case_draft_start(citizen=citizen, service_version=version, channel=channel, actor=actor)
    case = case_draft_save(
        case=case, answers=answers, current_step="summary", actor=actor, channel=channel
    )
    return case_submit(
        case=case, decision_preference=preference, actor=actor, channel=channel, today=today
    )
