"""The online application: starting it, resuming it, and the form's steps.

Every "Næste" saves the draft, so nothing typed correctly is lost when a citizen leaves.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from borgerrejse.cases.models import Channel
from borgerrejse.cases.selectors import (
    drafts_for_citizen,
)
from borgerrejse.cases.services import (
    Actor,
    case_draft_start,
)
from borgerrejse.catalog.answers import (
    merge_step,
    validate_step,
    visible_fields,
)
from borgerrejse.catalog.schema import Channel as ServiceChannel
from borgerrejse.catalog.schema import FormStep, ServiceDefinition
from borgerrejse.catalog.selectors import ServiceNotFound, service_definition, service_version_get
from borgerrejse.identity.access import citizen_required
from borgerrejse.portal.application import (
    ACTION,
    SHOWN,
    SUMMARY,
    JourneyStep,
    first_open_step,
    resume_step_id,
    step_after,
)
from borgerrejse.portal.form_fields import field_views, form_data
from borgerrejse.portal.views.drafts import (
    NEXT,
    SAVE,
    Draft,
    active_language,
    citizen_of,
    draft_get,
    saved_for_later,
    step_context,
)

# Start


@citizen_required
@require_http_methods(["GET", "POST"])
def application_start(request: HttpRequest, slug: str) -> HttpResponse:
    """GET shows what applying takes (and drafts already begun); POST starts a draft."""
    citizen = citizen_of(request)
    try:
        version = service_version_get(slug=slug, on=timezone.localdate())
    except ServiceNotFound:
        raise Http404(slug) from None
    definition = service_definition(version)
    web = definition.channels.get(ServiceChannel.WEB)
    if web is None or web.booking_only:
        return redirect("portal:service", slug=slug)
    if request.method == "POST":
        case = case_draft_start(
            citizen=citizen,
            service_version=version,
            channel=Channel.WEB,
            actor=Actor.for_citizen(citizen),
        )
        return redirect("portal:draft_step", public_id=case.public_id, step_id=case.current_step)
    drafts = list(drafts_for_citizen(citizen=citizen).filter(service_slug=slug))
    return render(
        request,
        "portal/application/start.html",
        {
            "definition": definition,
            "title": definition.title.get(active_language()),
            "drafts": drafts,
            "step_count": len(definition.form.steps) + bool(definition.attachments) + 1,
            "attachments": [a.label.get(active_language()) for a in definition.attachments],
        },
    )


@citizen_required
@require_GET
def draft_resume(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Open a saved draft where the citizen left it."""
    draft = draft_get(request, public_id)
    if isinstance(draft, HttpResponse):
        return draft
    steps = draft.steps(current="")
    step_id = resume_step_id(draft.definition, draft.case.current_step, steps)
    return redirect(next(step.url for step in steps if step.id == step_id))


# The form's steps


def _form_step(definition: ServiceDefinition, step_id: str) -> FormStep:
    for step in definition.form.steps:
        if step.id == step_id:
            return step
    raise Http404(step_id)


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@citizen_required
@require_http_methods(["GET", "POST"])
def draft_step(request: HttpRequest, public_id: UUID, step_id: str) -> HttpResponse:
    draft = draft_get(request, public_id)
    if isinstance(draft, HttpResponse):
        return draft
    step = _form_step(draft.definition, step_id)
    steps = draft.steps(current=step_id)
    here = next((s for s in steps if s.id == step_id), None)
    if here is None or not here.reachable:
        return redirect(first_open_step(steps).url)

    if request.method == "GET":
        visible = [f.name for f in visible_fields(draft.definition, draft.case.answers, step_id)]
        return _render_step(request, draft, step, steps, visible=visible)

    result = validate_step(
        definition=draft.definition,
        step_id=step_id,
        data=form_data(step, request.POST),
        answers_so_far=draft.case.answers,
        today=draft.today,
    )
    merged = merge_step(draft.case.answers, result, draft.definition)
    action = request.POST.get(ACTION, NEXT)
    shown = set(request.POST.get(SHOWN, "").split())
    # Fields that an answer on this step revealed, and the citizen has not seen yet.
    revealed = [name for name in result.visible if name not in shown]
    errors = {name: error for name, error in result.errors.items() if name not in revealed}

    if action == SAVE:
        # Saving for later needs no answer to be complete, only what is typed to be right.
        errors = {n: e for n, e in errors.items() if not _is_blank(result.raw.get(n))}
        draft.save(answers=merged, current_step=step_id)
        if errors:
            return _render_step(
                request,
                draft,
                step,
                steps,
                visible=list(result.visible),
                typed=request.POST,
                errors=errors,
                notice=_(
                    "Vi har gemt de svar, der er i orden. Ret fejlene herunder, "
                    "og tryk så på »Gem og fortsæt senere« igen."
                ),
            )
        return saved_for_later(request)

    if revealed or errors:
        draft.save(answers=merged, current_step=step_id)
        return _render_step(
            request,
            draft,
            step,
            steps,
            visible=list(result.visible),
            typed=request.POST,
            errors=errors,
            notice=_("Dit svar betyder, at vi har et spørgsmål mere til dig.") if revealed else "",
        )

    steps = draft.steps(current="", answers=merged)
    following = step_after(steps, step_id)
    if draft.case.current_step == SUMMARY and steps[-1].reachable:
        # Back from "Ret" on the summary, and nothing else is missing: back to the summary.
        following = steps[-1]
    draft.save(answers=merged, current_step=following.id)
    return redirect(following.url)


def _render_step(
    request: HttpRequest,
    draft: Draft,
    step: FormStep,
    steps: list[JourneyStep],
    *,
    visible: list[str],
    typed: Any = None,
    errors: dict[str, Any] | None = None,
    notice: str = "",
) -> HttpResponse:
    fields = field_views(
        definition=draft.definition,
        step=step,
        answers=draft.case.answers,
        visible=visible,
        typed=typed,
        errors=errors,
    )
    title = step.title.get(active_language())
    shown_fields = [f for f in fields if f.visible]
    # A step that asks one question, worded as the step's title, shows it once.
    label_is_title = len(shown_fields) == 1 and shown_fields[0].label == title
    context = {
        **step_context(draft, steps, step.id),
        "title": title,
        "fields": fields,
        "shown": " ".join(f.name for f in shown_fields),
        "label_is_title": label_is_title,
        "errors": [(f"#{f.id}", f.error) for f in fields if f.error],
        "notice": notice,
    }
    return render(request, "portal/application/step.html", context)
