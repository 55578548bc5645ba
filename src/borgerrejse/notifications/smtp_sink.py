"""A local SMTP server that keeps every message it receives: the e-mail channel's sink.

`borgerrejse smtp_sink` runs it on 127.0.0.1:1025, where `EMAIL_HOST` and `EMAIL_PORT`
point by default, so e-mail goes through a real SMTP conversation during development and
in the tests, and nothing leaves the machine. Messages are stored in a maildir
(`data/mail` by default): one file per message under `new/`, readable with any mail
tool or with `maildir_messages`.

A recipient can be given another answer than "250 OK" (`answers`: "550 5.1.1 …" for a
mailbox that does not exist, "451 4.7.1 …" for greylisting), so tests can check what a
real server saying no does to a message.
"""

from __future__ import annotations

import email.policy
import mailbox
from collections.abc import Mapping
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller


class MaildirHandler:
    """aiosmtpd handler: accept every message, file it in a maildir."""

    def __init__(self, folder: Path, *, answers: Mapping[str, str] | None = None) -> None:
        self.folder = Path(folder)
        # Recipient address (case-folded) → the SMTP reply to RCPT TO instead of 250.
        self.answers = {address.casefold(): reply for address, reply in (answers or {}).items()}
        # Created here, not per message, so a bad path fails at start and not on the
        # first e-mail.
        self.maildir = mailbox.Maildir(self.folder, create=True)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        reply = self.answers.get(address.casefold())
        if reply is not None:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode()
        # As a real mail server does, say who the message was delivered to: the envelope
        # recipients, which Bcc leaves out of the headers.
        delivered_to = b"".join(f"Delivered-To: {to}\r\n".encode() for to in envelope.rcpt_tos)
        # Maildir writes to tmp/ and renames into new/, so a reader never sees half a file.
        self.maildir.add(delivered_to + content)
        return "250 Message accepted for delivery"


def sink_controller(
    *,
    folder: Path,
    host: str = "127.0.0.1",
    port: int = 1025,
    answers: Mapping[str, str] | None = None,
) -> Controller:
    """A sink listening on host:port, not yet started (`.start()`, `.stop()`)."""
    return Controller(MaildirHandler(folder, answers=answers), hostname=host, port=port)


def maildir_messages(folder: Path) -> list[EmailMessage]:
    """The messages in the maildir, oldest first, parsed with the modern e-mail API."""
    parser = BytesParser(policy=email.policy.default)
    paths = [path for sub in ("new", "cur") for path in (Path(folder) / sub).glob("*")]
    messages = []
    for path in sorted(paths, key=lambda p: (p.stat().st_mtime_ns, p.name)):
        with path.open("rb") as file:
            parsed = parser.parse(file)
        assert isinstance(parsed, EmailMessage)
        messages.append(parsed)
    return messages
