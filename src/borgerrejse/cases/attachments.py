"""Checks on uploaded files: the type a service accepts, the size limit, and real content.

A refused upload is explained in words the citizen can act on; nothing else they entered
is touched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from borgerrejse.catalog.schema import ServiceDefinition

# What a file of each type starts with, so that a renamed program is not taken as a PDF.
_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
}
_CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}
_ALIASES = {"jpeg": "jpg"}


class AttachmentRefused(Exception):
    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class CheckedContent:
    data: bytes
    size: int
    content_type: str


def check_upload(
    *, definition: ServiceDefinition, slot: str, upload: UploadedFile
) -> CheckedContent:
    attachment = next((a for a in definition.attachments if a.id == slot), None)
    if attachment is None:
        raise AttachmentRefused(_("Denne ansøgning har ikke et felt til bilag af den slags."))
    return check_file(upload=upload, types=attachment.types, max_size_mb=attachment.max_size_mb)


def check_file(*, upload: UploadedFile, types: Sequence[str], max_size_mb: int) -> CheckedContent:
    """A file's type (by name, from `types`), its size and that its content is what its
    name says. Raises AttachmentRefused with a reason the citizen can act on."""
    allowed = ", ".join(t.upper() for t in types)
    extension = PurePath(upload.name or "").suffix.lower().lstrip(".")
    kind = _ALIASES.get(extension, extension)
    if kind not in types or kind not in _SIGNATURES:
        raise AttachmentRefused(
            _("Filen skal være af typen %(types)s. Din fil er af typen »%(kind)s«.")
            % {"types": allowed, "kind": extension or "?"}
        )
    size = upload.size or 0
    limit = max_size_mb * 1024 * 1024
    if size > limit:
        raise AttachmentRefused(
            _("Filen fylder %(size)s MB. Den må højst fylde %(limit)s MB.")
            % {
                "size": f"{size / 1024 / 1024:.1f}".replace(".", ","),
                "limit": max_size_mb,
            }
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if not data:
        raise AttachmentRefused(_("Filen er tom. Vælg filen igen."))
    if not data.startswith(_SIGNATURES[kind]):
        raise AttachmentRefused(
            _("Filen er ikke en rigtig %(kind)s-fil. Prøv at gemme den igen som %(types)s.")
            % {"kind": kind.upper(), "types": allowed}
        )
    return CheckedContent(data=data, size=len(data), content_type=_CONTENT_TYPES[kind])
