"""What every page of a draft application shares: fetching the draft, saving it, and
where a sent application lands.

The draft's public id is in every address; the draft is always fetched through
`access_draft_for_citizen`, so a citizen only ever reaches their own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from borgerrejse.cases.models import Attachment, Case, Channel
from borgerrejse.cases.selectors import (
    CaseNotFound,
    access_draft_for_citizen,
    access_sent_draft_for_citizen,
)
from borgerrejse.cases.services import (
    Actor,
    case_draft_save,
)
from borgerrejse.catalog.schema import ServiceDefinition
from borgerrejse.catalog.selectors import service_definition
from borgerrejse.identity.access import current_citizen
from borgerrejse.people.models import Citizen
from borgerrejse.portal.application import (
    JourneyStep,
    journey,
    step_before,
)

# The buttons of the application pages (their `_action` value) and the summary's choice.
NEXT = "next"
SAVE = "save"
UPLOAD = "upload"
PREFERENCE = "decision_preference"


def citizen_of(request: HttpRequest) -> Citizen:
    citizen = current_citizen(request)
    assert citizen is not None, "the view must be wrapped in @citizen_required"
    return citizen


def active_language() -> str:
    return "en" if (get_language() or "da").startswith("en") else "da"


def case_landing_url(case: Case) -> str:
    """Where a submitted case is shown: its instant decision, or else its receipt."""
    decision = max(case.decisions.all(), key=lambda d: (d.issued_at, d.pk), default=None)
    if decision is not None:
        return reverse("portal:decision", args=[case.number, decision.pk])
    return reverse("portal:receipt", args=[case.number])


@dataclass
class Draft:
    """A draft application with what its pages need: the form, the files, today."""

    citizen: Citizen
    case: Case
    definition: ServiceDefinition
    attachments: list[Attachment]
    today: dt.date

    @property
    def uploaded_slots(self) -> set[str]:
        return {attachment.slot for attachment in self.attachments}

    def steps(self, *, current: str, answers: dict[str, Any] | None = None) -> list[JourneyStep]:
        return journey(
            public_id=self.case.public_id,
            definition=self.definition,
            answers=self.case.answers if answers is None else answers,
            uploaded_slots=self.uploaded_slots,
            today=self.today,
            current=current,
        )

    def save(self, *, answers: dict[str, Any], current_step: str) -> None:
        self.case = case_draft_save(
            case=self.case,
            answers=answers,
            current_step=current_step,
            actor=Actor.for_citizen(self.citizen),
            channel=Channel.WEB,
        )


def draft_get(request: HttpRequest, public_id: UUID) -> Draft | HttpResponse:
    """The citizen's draft; a draft already sent leads to its case, anything else is 404."""
    citizen = citizen_of(request)
    try:
        case = access_draft_for_citizen(citizen=citizen, public_id=str(public_id))
    except CaseNotFound:
        # Back button or a second click after sending: show what became of it.
        try:
            sent = access_sent_draft_for_citizen(citizen=citizen, public_id=str(public_id))
        except CaseNotFound:
            raise Http404("no such application") from None
        return redirect(case_landing_url(sent))
    return Draft(
        citizen=citizen,
        case=case,
        definition=service_definition(case.service_version),
        attachments=list(case.attachments.all()),
        today=timezone.localdate(),
    )


def step_context(draft: Draft, steps: list[JourneyStep], current: str) -> dict[str, Any]:
    position = [step.id for step in steps].index(current)
    return {
        "case": draft.case,
        "service_title": draft.definition.title.get(active_language()),
        "steps": steps,
        "step_number": position + 1,
        "step_count": len(steps),
        "previous": step_before(steps, current),
    }


def saved_for_later(request: HttpRequest) -> HttpResponse:
    """After "Gem og fortsæt senere": say so on My page, where the draft waits."""
    messages.success(
        request,
        _("Vi har gemt din ansøgning. Du kan fortsætte, når du vil, her på Min side."),
    )
    return redirect("portal:my_page")
