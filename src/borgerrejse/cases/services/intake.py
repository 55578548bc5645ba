"""What reaches a case off the web: a letter or an e-mail registered by staff, and a
draft that the citizen goes on with on another channel (online → desk, desk → online).
"""

from __future__ import annotations

import hashlib

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from borgerrejse.cases.attachments import check_file
from borgerrejse.cases.models import Attachment, Case, Channel, Status
from borgerrejse.cases.services.drafts import draft_channel_switch_record
from borgerrejse.cases.services.handling import ANSWER_FILE_MAX_MB, ANSWER_FILE_TYPES
from borgerrejse.cases.services.transitions import (
    Actor,
    CaseError,
    Kind,
    TransitionNotAllowed,
    lock_case,
    record_event,
)

# The channels a document can come in by.
DOCUMENT_CHANNELS = frozenset({Channel.LETTER, Channel.EMAIL})


def case_document_receive(
    *,
    case: Case,
    channel: Channel,
    upload: UploadedFile,
    description: str,
    actor: Actor,
) -> Attachment:
    """Register an incoming letter (scanned) or e-mail on a submitted case, with the
    document as an attachment, and put it on the timeline with its channel."""
    if channel not in DOCUMENT_CHANNELS:
        raise CaseError(_("Vælg brev eller e-mail."))
    checked = check_file(upload=upload, types=ANSWER_FILE_TYPES, max_size_mb=ANSWER_FILE_MAX_MB)
    with transaction.atomic():
        locked = lock_case(case)
        if locked.status == Status.DRAFT:
            raise TransitionNotAllowed(_("Ansøgningen er ikke sendt endnu."))
        attachment = Attachment(
            case=locked,
            slot="",
            original_name=upload.name or "dokument",
            content_type=checked.content_type,
            size=checked.size,
            sha256=hashlib.sha256(checked.data).hexdigest(),
        )
        attachment.file.save(upload.name or "dokument", upload, save=False)
        attachment.save()
        record_event(
            locked,
            Kind.DOCUMENT_RECEIVED,
            actor=actor,
            channel=channel,
            data={"attachment": attachment.original_name, "description": description.strip()},
        )
        return attachment


def case_draft_continue(*, case: Case, channel: Channel, actor: Actor) -> Case:
    """Go on with a draft on `channel`. When that is not where it was last worked on, the
    switch goes on the timeline: the same case, another channel. A repeat is a no-op."""
    with transaction.atomic():
        locked = lock_case(case)
        if locked.status != Status.DRAFT:
            raise TransitionNotAllowed(_("Ansøgningen er allerede sendt og kan ikke ændres."))
        draft_channel_switch_record(locked, channel=channel, actor=actor)
        return locked
