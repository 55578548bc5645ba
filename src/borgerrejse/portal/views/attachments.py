"""The attachments step: upload a file per kind, see what is sent, remove a file.

A refused file is explained on its field (type, size, content), and nothing else the
citizen sent is touched (DESIGN.md, principle 5).
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from borgerrejse.cases.models import Channel
from borgerrejse.cases.services import (
    Actor,
    AttachmentRefused,
    case_attachment_add,
    case_attachment_remove,
)
from borgerrejse.identity.access import citizen_required
from borgerrejse.portal.application import (
    ACTION,
    ATTACHMENTS,
    SUMMARY,
    file_types_text,
    first_open_step,
    missing_attachments,
    size_text,
)
from borgerrejse.portal.views.drafts import (
    NEXT,
    SAVE,
    UPLOAD,
    Draft,
    active_language,
    draft_get,
    saved_for_later,
    step_context,
)

# Attachments


@dataclass(frozen=True)
class UploadedFile:
    id: int
    name: str
    size: str


@dataclass(frozen=True)
class AttachmentSlot:
    id: str
    label: str
    help: str
    required: bool
    types: str
    accept: str
    max_size_mb: int
    files: tuple[UploadedFile, ...]
    error: str

    @property
    def input_id(self) -> str:
        return f"attachment-{self.id}"


def _slots(draft: Draft, errors: dict[str, str]) -> list[AttachmentSlot]:
    language = active_language()
    slots = []
    for attachment in draft.definition.attachments:
        slots.append(
            AttachmentSlot(
                id=attachment.id,
                label=attachment.label.get(language),
                help=attachment.help.get(language) if attachment.help else "",
                required=attachment.required,
                types=file_types_text(attachment),
                accept=",".join(f".{kind}" for kind in attachment.types),
                max_size_mb=attachment.max_size_mb,
                files=tuple(
                    UploadedFile(id=a.pk, name=a.original_name, size=size_text(a.size))
                    for a in draft.attachments
                    if a.slot == attachment.id
                ),
                error=errors.get(attachment.id, ""),
            )
        )
    return slots


@citizen_required
@require_http_methods(["GET", "POST"])
def draft_attachments(request: HttpRequest, public_id: UUID) -> HttpResponse:
    draft = draft_get(request, public_id)
    if isinstance(draft, HttpResponse):
        return draft
    if not draft.definition.attachments:
        return redirect("portal:draft_summary", public_id=public_id)
    steps = draft.steps(current=ATTACHMENTS)
    here = next(s for s in steps if s.id == ATTACHMENTS)
    if not here.reachable:
        return redirect(first_open_step(steps).url)

    errors: dict[str, str] = {}
    uploading = request.method == "POST" and request.POST.get(ACTION) == UPLOAD
    if request.method == "POST":
        action = request.POST.get(ACTION, NEXT)
        if uploading:
            slot = request.POST.get("slot", "")
            if slot not in {a.id for a in draft.definition.attachments}:
                raise Http404(slot)
            upload = request.FILES.get("file")
            if upload is None:
                errors[slot] = _("Vælg en fil, og tryk så på »Vedhæft fil«.")
            else:
                try:
                    attachment = case_attachment_add(
                        case=draft.case,
                        slot=slot,
                        upload=upload,
                        actor=Actor.for_citizen(draft.citizen),
                        channel=Channel.WEB,
                    )
                except AttachmentRefused as refused:
                    errors[slot] = str(refused.message)
                else:
                    messages.success(
                        request,
                        _("Vi har gemt filen »%(name)s«.") % {"name": attachment.original_name},
                    )
                    return redirect("portal:draft_attachments", public_id=public_id)
        elif action == SAVE:
            draft.save(answers=draft.case.answers, current_step=ATTACHMENTS)
            return saved_for_later(request)
        else:
            for needed in missing_attachments(draft.definition, draft.uploaded_slots):
                errors[needed.id] = _("Vedhæft »%(label)s«, før du går videre.") % {
                    "label": needed.label.get(active_language())
                }
            if not errors:
                draft.save(answers=draft.case.answers, current_step=SUMMARY)
                return redirect("portal:draft_summary", public_id=public_id)

    slots = _slots(draft, errors)
    context = {
        **step_context(draft, steps, ATTACHMENTS),
        "title": _("Bilag"),
        "error_heading": _("Vi kunne ikke gemme filen") if uploading else "",
        "slots": slots,
        "errors": [(f"#{slot.input_id}", slot.error) for slot in slots if slot.error],
    }
    return render(request, "portal/application/attachments.html", context)


@citizen_required
@require_POST
def draft_attachment_remove(
    request: HttpRequest, public_id: UUID, attachment_id: int
) -> HttpResponse:
    draft = draft_get(request, public_id)
    if isinstance(draft, HttpResponse):
        return draft
    attachment = next((a for a in draft.attachments if a.pk == attachment_id), None)
    if attachment is None:
        raise Http404("no such attachment")
    case_attachment_remove(
        attachment=attachment, actor=Actor.for_citizen(draft.citizen), channel=Channel.WEB
    )
    messages.success(
        request, _("Vi har fjernet filen »%(name)s«.") % {"name": attachment.original_name}
    )
    return redirect("portal:draft_attachments", public_id=public_id)
