"""Drafts: an application being filled in, saved step by step, with its attachments."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from borgerrejse.cases.attachments import check_upload
from borgerrejse.cases.models import Attachment, Case, Channel, Status, TimelineEvent
from borgerrejse.cases.services.transitions import (
    Actor,
    Kind,
    TransitionNotAllowed,
    lock_case,
    record_event,
)
from borgerrejse.catalog.models import ServiceVersion
from borgerrejse.catalog.selectors import service_definition
from borgerrejse.people.models import Citizen


def case_draft_start(
    *, citizen: Citizen, service_version: ServiceVersion, channel: Channel, actor: Actor
) -> Case:
    definition = service_definition(service_version)
    with transaction.atomic():
        case = Case.objects.create(
            citizen=citizen,
            service_version=service_version,
            service_slug=service_version.slug,
            department=definition.department.value,
            intake_channel=channel,
            actor_kind=actor.kind,
            actor_name=actor.name,
            current_step=definition.form.steps[0].id,
        )
        record_event(case, Kind.STARTED, actor=actor, channel=channel)
        return case


def case_draft_save(
    *, case: Case, answers: dict[str, Any], current_step: str, actor: Actor, channel: str
) -> Case:
    """Save the answers so far and where the citizen is. Saving the same again is a no-op."""
    with transaction.atomic():
        locked = lock_case(case)
        if locked.status != Status.DRAFT:
            raise TransitionNotAllowed(_("Ansøgningen er allerede sendt og kan ikke ændres."))
        draft_channel_switch_record(locked, channel=channel, actor=actor)
        if locked.answers == answers and locked.current_step == current_step:
            return locked
        locked.answers = answers
        locked.current_step = current_step
        locked.save(update_fields=["answers", "current_step", "updated_at"])
        record_event(
            locked,
            Kind.STEP_SAVED,
            actor=actor,
            channel=channel,
            data={"step": current_step},
            visible_to_citizen=False,
        )
        return locked


def _last_channel(case: Case) -> str:
    """The channel the draft was last worked on."""
    event = (
        TimelineEvent.objects.filter(case=case)
        .exclude(channel=Channel.SYSTEM)
        .order_by("-at", "-id")
        .values_list("channel", flat=True)
        .first()
    )
    return event or case.intake_channel


def draft_channel_switch_record(locked: Case, *, channel: str, actor: Actor) -> None:
    """Note on the timeline when a locked draft is worked on from another channel than
    last time: the same case, begun online and finished at the desk or the other way."""
    previous = _last_channel(locked)
    if previous != channel:
        record_event(
            locked,
            Kind.CHANNEL_SWITCHED,
            actor=actor,
            channel=channel,
            data={"from": previous, "to": str(channel), "step": locked.current_step},
        )


def case_attachment_add(
    *, case: Case, slot: str, upload: UploadedFile, actor: Actor, channel: str
) -> Attachment:
    """Store an uploaded file on a draft. Raises AttachmentRefused with the reason."""
    definition = service_definition(case.service_version)
    content = check_upload(definition=definition, slot=slot, upload=upload)
    with transaction.atomic():
        locked = lock_case(case)
        if locked.status != Status.DRAFT:
            raise TransitionNotAllowed(_("Ansøgningen er allerede sendt og kan ikke ændres."))
        attachment = Attachment(
            case=locked,
            slot=slot,
            original_name=upload.name or "bilag",
            content_type=content.content_type,
            size=content.size,
            sha256=hashlib.sha256(content.data).hexdigest(),
        )
        attachment.file.save(upload.name or "bilag", upload, save=False)
        attachment.save()
        record_event(
            locked,
            Kind.ATTACHMENT_ADDED,
            actor=actor,
            channel=channel,
            data={"attachment": attachment.original_name, "slot": slot},
        )
        return attachment


def case_attachment_remove(*, attachment: Attachment, actor: Actor, channel: str) -> None:
    with transaction.atomic():
        locked = lock_case(attachment.case)
        if locked.status != Status.DRAFT:
            raise TransitionNotAllowed(_("Ansøgningen er allerede sendt og kan ikke ændres."))
        attachment.file.delete(save=False)
        Attachment.objects.filter(pk=attachment.pk).delete()
