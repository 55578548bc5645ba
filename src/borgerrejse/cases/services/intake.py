"""What reaches a case off the web: a letter or an e-mail registered by staff, and a
draft that the citizen goes on with on another channel (online → desk, desk → online).
"""

from __future__ import annotations

import hashlib
from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from borgerrejse.cases.attachments import _ALIASES, _SIGNATURES, AttachmentRefused
from borgerrejse.cases.models import Attachment, Case, Channel, Status, TimelineEvent
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
# The content types of the file kinds that `ANSWER_FILE_TYPES` allows.
_CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}


def _checked(upload: UploadedFile) -> tuple[bytes, str]:
    """The file's content and content type, checked as answer files are (type, size,
    real content)."""
    allowed = ", ".join(kind.upper() for kind in ANSWER_FILE_TYPES)
    extension = PurePath(upload.name or "").suffix.lower().lstrip(".")
    kind = _ALIASES.get(extension, extension)
    if kind not in ANSWER_FILE_TYPES:
        raise AttachmentRefused(
            _("Filen skal være af typen %(types)s. Din fil er af typen »%(kind)s«.")
            % {"types": allowed, "kind": extension or "?"}
        )
    if (upload.size or 0) > ANSWER_FILE_MAX_MB * 1024 * 1024:
        raise AttachmentRefused(
            _("Filen må højst fylde %(limit)s MB.") % {"limit": ANSWER_FILE_MAX_MB}
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if not data:
        raise AttachmentRefused(_("Filen er tom. Vælg filen igen."))
    if not data.startswith(_SIGNATURES[kind]):
        raise AttachmentRefused(_("Filen er ikke en rigtig %(kind)s-fil.") % {"kind": kind.upper()})
    return data, _CONTENT_TYPES[kind]


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
    data, content_type = _checked(upload)
    with transaction.atomic():
        locked = lock_case(case)
        if locked.status == Status.DRAFT:
            raise TransitionNotAllowed(_("Ansøgningen er ikke sendt endnu."))
        attachment = Attachment(
            case=locked,
            slot="",
            original_name=upload.name or "dokument",
            content_type=content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
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


def last_channel(case: Case) -> str:
    """The channel the draft was last worked on."""
    event = (
        TimelineEvent.objects.filter(case=case)
        .exclude(channel=Channel.SYSTEM)
        .order_by("-at", "-id")
        .values_list("channel", flat=True)
        .first()
    )
    return event or case.intake_channel


def case_draft_continue(*, case: Case, channel: Channel, actor: Actor) -> Case:
    """Go on with a draft on `channel`. When that is not where it was last worked on, the
    switch goes on the timeline: the same case, another channel. A repeat is a no-op."""
    with transaction.atomic():
        locked = lock_case(case)
        if locked.status != Status.DRAFT:
            raise TransitionNotAllowed(_("Ansøgningen er allerede sendt og kan ikke ændres."))
        previous = last_channel(locked)
        if previous != channel:
            record_event(
                locked,
                Kind.CHANNEL_SWITCHED,
                actor=actor,
                channel=channel,
                data={"from": previous, "to": str(channel), "step": locked.current_step},
            )
        return locked
