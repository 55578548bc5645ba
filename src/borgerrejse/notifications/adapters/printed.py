"""Printed letters for citizens exempt from Digital Post: a print folder that a print
service picks up (lov om Digital Post § 5: an exempt citizen gets the letter by post).

The contract (see `adapters.base`): `PrintFolder().send(outgoing)` puts the letter's PDF
in `settings.PRINT_DIR` and returns its path relative to the folder as the reference.

- Layout: `<PRINT_DIR>/<yyyy-mm-dd>/<key>.pdf`, one PDF per letter, and one line per
  letter in that day's `manifest.jsonl`: the file, the recipient's name and address, the
  number of pages and the case number. The day is when the letter was first handed over.
- What the print service may rely on: a letter is ready when its line is in a manifest.
  The PDF is written first, to a temporary name that is then renamed, so a manifest line
  never points at half a file. The service prints each manifest line once and may move
  or delete what it has printed.
- Idempotent on the idempotency key: the first call records which file the key went to
  in `<PRINT_DIR>/.keys/`, before anything else is written. A retry, however late and
  whichever worker makes it, writes the same file and adds no second manifest line.
- `PermanentDeliveryError` when the letter cannot be addressed (no street, postcode or
  city) or there is no PDF to print. Anything the file system raises is temporary.
- Faults are injected first (`NOTIFICATION_FAULTS["print"]`), as for every local adapter.

A print service with an API (Digital Post's own "fysisk post" through SF1601, or a
print vendor's) takes the same PDF; an adapter for it keeps this contract.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import fcntl
import hashlib
import json
import os
import re
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from django.conf import settings
from django.utils import timezone

from borgerrejse.notifications.adapters.base import (
    Document,
    Outgoing,
    PermanentDeliveryError,
    Recipient,
)
from borgerrejse.notifications.adapters.faults import inject_faults

MANIFEST = "manifest.jsonl"
KEYS = ".keys"
# How far a key got: its file is chosen, its manifest line may be written, it is written.
RESERVED, LISTING, LISTED = "reserved", "listing", "listed"
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
_OBJECT_STREAM = re.compile(rb"<<([^>]{0,400}?/Type\s*/ObjStm[^>]{0,400}?)>>\s*stream\r?\n")
_PAGE_TREE = re.compile(rb"<<[^<>]*?/Type\s*/Pages\b[^<>]*?>>")
_COUNT = re.compile(rb"/Count\s+(\d+)")


class PrintFolder:
    """The local print service, and the production one where a print service reads a
    shared folder."""

    def send(self, outgoing: Outgoing) -> str:
        inject_faults("print")
        recipient = outgoing.recipient
        address_required(recipient)
        pdf = letter_pdf(outgoing)
        root = Path(settings.PRINT_DIR)
        receipt = _reserve(root, safe_name(outgoing.idempotency_key), day=timezone.localdate())
        if receipt.state == LISTED:
            return receipt.file
        target = root / receipt.file
        _write_atomically(target, pdf.content)
        entry: dict[str, object] = {
            "key": outgoing.idempotency_key,
            "file": target.name,
            "name": recipient.name,
            "address": [recipient.street, f"{recipient.postcode} {recipient.city}"],
            "pages": pdf_page_count(pdf.content),
            "case_number": outgoing.case_number,
            "language": outgoing.language,
        }
        _manifest_add(target.parent / MANIFEST, entry, receipt=receipt)
        return receipt.file


def address_required(recipient: Recipient) -> None:
    """A printed letter needs a name, a street, a postcode and a city to be addressed."""
    missing = [
        label
        for label, value in (
            ("name", recipient.name),
            ("street", recipient.street),
            ("postcode", recipient.postcode),
            ("city", recipient.city),
        )
        if not value.strip()
    ]
    if missing:
        raise PermanentDeliveryError(
            f"print: the recipient has no postal address ({', '.join(missing)} missing)"
        )


def letter_pdf(outgoing: Outgoing) -> Document:
    for document in outgoing.documents:
        if document.content_type == "application/pdf":
            return document
    raise PermanentDeliveryError("print: the message has no PDF to print")


def safe_name(idempotency_key: str) -> str:
    """A file name for the key: readable, and distinct for distinct keys ("event:1" and
    "event-1" would read the same, so a short hash of the key follows)."""
    readable = _UNSAFE.sub("-", idempotency_key).strip("-")[:80] or "letter"
    digest = hashlib.sha256(idempotency_key.encode()).hexdigest()[:12]
    return f"{readable}-{digest}"


def printed_letter_path(reference: str) -> Path | None:
    """The PDF a reference from `PrintFolder.send` names, if it is still in the folder.

    None once the print service has taken it away, or for a reference that points
    outside the folder."""
    if not reference:
        return None
    root = Path(settings.PRINT_DIR).resolve()
    path = (root / reference).resolve()
    if not path.is_relative_to(root) or path.suffix != ".pdf" or not path.is_file():
        return None
    return path


def pdf_page_count(pdf: bytes) -> int | None:
    """How many pages a PDF has, read from its page tree, or None if it cannot tell.

    WeasyPrint packs the page tree into compressed object streams, so those are
    inflated first. Enough for our own letters; not a general PDF parser.
    """
    sources = [pdf]
    for match in _OBJECT_STREAM.finditer(pdf):
        if b"/FlateDecode" not in match.group(1):
            continue
        end = pdf.find(b"endstream", match.end())
        if end < 0:
            continue
        with contextlib.suppress(zlib.error):
            sources.append(zlib.decompress(pdf[match.end() : end]))
    counts = [
        int(count.group(1))
        for source in sources
        for tree in _PAGE_TREE.finditer(source)
        if (count := _COUNT.search(tree.group(0)))
    ]
    return max(counts) if counts else None


@dataclasses.dataclass(frozen=True)
class _Receipt:
    """What `.keys/<name>.json` says about one key: its file and how far it got."""

    path: Path
    file: str
    state: str

    def as_json(self) -> bytes:
        return json.dumps({"file": self.file, "state": self.state}).encode()

    def moved_to(self, state: str) -> _Receipt:
        """The receipt in a later state, written down. Not synced: after a power cut an
        older state at worst makes a retry search the manifest."""
        moved = dataclasses.replace(self, state=state)
        if state != self.state:
            _write_atomically(self.path, moved.as_json(), sync=False)
        return moved


def _reserve(root: Path, name: str, *, day: dt.date) -> _Receipt:
    """The file this key goes to: the one recorded by an earlier attempt, or a new one.

    Created with O_EXCL, so of two workers racing with the same key, one decides the
    day and the other reads its decision.
    """
    keys = root / KEYS
    keys.mkdir(parents=True, exist_ok=True)
    path = keys / f"{name}.json"
    fresh = _Receipt(path=path, file=f"{day.isoformat()}/{name}.pdf", state=RESERVED)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
    except FileExistsError:
        recorded = _receipt_read(path)
        if recorded is not None:
            return recorded
        # Cut short by a crash right after it was created: that attempt wrote nothing
        # else, so the fresh choice is as good.
        _write_atomically(path, fresh.as_json())
        return fresh
    with os.fdopen(descriptor, "wb") as file:
        file.write(fresh.as_json())
        file.flush()
        os.fsync(file.fileno())
    return fresh


def _receipt_read(path: Path) -> _Receipt | None:
    try:
        recorded = json.loads(path.read_text(encoding="utf-8"))
        return _Receipt(path=path, file=str(recorded["file"]), state=str(recorded["state"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_atomically(target: Path, content: bytes, *, sync: bool = True) -> None:
    """Write to a temporary name and rename: readers see the old file or the new one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        dir=target.parent, prefix=f".{target.stem}.", suffix=".tmp", delete=False
    ) as temporary:
        temporary.write(content)
        temporary.flush()
        if sync:
            os.fsync(temporary.fileno())
    Path(temporary.name).replace(target)


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[IO[str]]:
    with path.open("a+", encoding="utf-8") as file:
        fcntl.flock(file, fcntl.LOCK_EX)
        try:
            yield file
        finally:
            fcntl.flock(file, fcntl.LOCK_UN)


def _manifest_add(manifest: Path, entry: dict[str, object], *, receipt: _Receipt) -> None:
    """Append the letter's line once.

    The day's manifest is locked while the key's receipt is read and moved on, so of two
    workers with the same key only one appends. Only an attempt that died between
    starting to list and recording it did (LISTING) makes a retry search the manifest.
    """
    with _locked(manifest) as file:
        current = _receipt_read(receipt.path) or receipt
        if current.state == LISTED:
            return
        if current.state == LISTING and _listed(file, entry["key"]):
            current.moved_to(LISTED)
            return
        current = current.moved_to(LISTING)
        file.seek(0, os.SEEK_END)
        file.write(json.dumps(entry, ensure_ascii=False) + "\n")
        file.flush()
        os.fsync(file.fileno())
        current.moved_to(LISTED)


def _listed(file: IO[str], key: object) -> bool:
    file.seek(0)
    for line in file:
        with contextlib.suppress(ValueError, AttributeError):
            if json.loads(line).get("key") == key:
                return True
    return False
