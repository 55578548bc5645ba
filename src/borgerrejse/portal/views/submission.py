"""The summary, where the citizen checks the answers, chooses who decides, and sends.

Sending is idempotent: the draft is the key, so a double click gives one case.
"""

from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from borgerrejse.cases.models import Channel, DecisionPreference
from borgerrejse.cases.services import (
    Actor,
    ChannelNotAllowed,
    case_submit,
)
from borgerrejse.identity.access import citizen_required
from borgerrejse.portal.application import (
    ACTION,
    SUMMARY,
    first_open_step,
    missing_attachments,
    step_errors,
    summary_sections,
)
from borgerrejse.portal.case_display import case_handler
from borgerrejse.portal.views.drafts import (
    PREFERENCE,
    SAVE,
    active_language,
    case_landing_url,
    draft_get,
    saved_for_later,
    step_context,
)
from borgerrejse.rules.definitions import AutomationPolicy

# Summary and submission


@citizen_required
@require_http_methods(["GET", "POST"])
def draft_summary(request: HttpRequest, public_id: UUID) -> HttpResponse:
    draft = draft_get(request, public_id)
    if isinstance(draft, HttpResponse):
        return draft
    steps = draft.steps(current=SUMMARY)
    here = steps[-1]
    incomplete = step_errors(draft.definition, draft.case.answers, draft.today) or (
        missing_attachments(draft.definition, draft.uploaded_slots)
    )
    if not here.reachable or incomplete:
        return redirect(first_open_step(steps).url)

    may_automate = draft.definition.automation is AutomationPolicy.GRANT_ONLY
    preference = ""
    error = ""
    general_error = ""
    if request.method == "POST":
        if request.POST.get(ACTION) == SAVE:
            draft.save(answers=draft.case.answers, current_step=SUMMARY)
            return saved_for_later(request)
        preference = request.POST.get(PREFERENCE, "")
        if not may_automate:
            preference = DecisionPreference.CASEWORKER
        if preference not in DecisionPreference.values:
            preference = ""
            error = _(
                "Vælg, om vi skal afgøre sagen med det samme, eller om en person skal se på den."
            )
        else:
            try:
                case = case_submit(
                    case=draft.case,
                    decision_preference=DecisionPreference(preference),
                    actor=Actor.for_citizen(draft.citizen),
                    channel=Channel.WEB,
                    today=draft.today,
                )
            except ChannelNotAllowed as refused:
                general_error = str(refused.message)
            else:
                return redirect(case_landing_url(case))

    language = active_language()
    context = {
        **step_context(draft, steps, SUMMARY),
        "title": _("Tjek dine svar, og send ansøgningen"),
        "sections": summary_sections(
            public_id=draft.case.public_id, definition=draft.definition, answers=draft.case.answers
        ),
        "has_attachments": bool(draft.definition.attachments),
        "attachments": [
            (
                attachment.label.get(language),
                [a for a in draft.attachments if a.slot == attachment.id],
            )
            for attachment in draft.definition.attachments
        ],
        "attachments_url": reverse("portal:draft_attachments", args=[draft.case.public_id]),
        "may_automate": may_automate,
        "preference": preference,
        "preference_error": error,
        "general_error": general_error,
        "errors": [("#field-decision_preference", error)] if error else [],
        "instant": DecisionPreference.INSTANT,
        "caseworker": DecisionPreference.CASEWORKER,
        "handler": case_handler(draft.case),
    }
    return render(request, "portal/application/summary.html", context)
