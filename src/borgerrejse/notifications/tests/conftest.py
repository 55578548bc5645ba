"""Fixtures the outbox tests share: the worker run in the test, and a real SMTP server on
localhost that tests read.

`deliver` runs the real worker until nothing is due. `smtp_sink` starts the same server
as `borgerrejse smtp_sink` (aiosmtpd, storing every message in a maildir) on a free port
and points EMAIL_HOST and EMAIL_PORT at it, so the e-mail adapter holds a real SMTP
conversation and nothing leaves the machine.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest

from borgerrejse.notifications.delivery import adapter_for
from borgerrejse.notifications.smtp_sink import MaildirHandler, maildir_messages, sink_controller
from borgerrejse.notifications.worker import Worker, WorkerStats


@pytest.fixture
def deliver() -> Callable[[], WorkerStats]:
    """Run the worker until no message is due, as `borgerrejse worker --until-empty` does."""

    def run() -> WorkerStats:
        return Worker().run(until_empty=True)

    return run


class SmtpSink:
    def __init__(self, handler: MaildirHandler, host: str, port: int) -> None:
        self.handler = handler
        self.host = host
        self.port = port

    @property
    def folder(self) -> Path:
        return self.handler.folder

    def messages(self) -> list[EmailMessage]:
        """Everything the server has accepted, oldest first."""
        return maildir_messages(self.folder)

    def answer(self, address: str, reply: str) -> None:
        """Answer RCPT TO for `address` with `reply` ("550 5.1.1 …", "451 4.7.1 …")."""
        self.handler.answers[address.casefold()] = reply


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp_sink(settings, tmp_path) -> Iterator[SmtpSink]:
    # The port is free when asked for; another test process may take it before the
    # server binds, so a few tries.
    for attempt in range(5):
        port = free_port()
        controller = sink_controller(folder=tmp_path / "mail", host="127.0.0.1", port=port)
        try:
            controller.start()
        except (OSError, RuntimeError):
            if attempt == 4:
                raise
            continue
        break
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    adapter_for.cache_clear()
    try:
        yield SmtpSink(controller.handler, "127.0.0.1", port)
    finally:
        controller.stop()
        adapter_for.cache_clear()
