"""The outbox worker: `borgerrejse worker`.

We run our own small loop rather than a task library. The outbox row *is* the job: it is
written in the domain transaction, claimed with SKIP LOCKED, leased, retried with backoff
and kept as the citizen's record of what was sent. A task framework (Django 6's Tasks,
django-tasks, Celery) would add a second queue beside the outbox and a broker to run,
and still leave us the idempotency and 48-hour retry rules to write.
"""

from __future__ import annotations

import logging
import signal
import time
from dataclasses import dataclass
from types import FrameType

from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone

from borgerrejse.appointments.booking import appointment_reminders_queue_due
from borgerrejse.notifications.delivery import (
    message_deliver,
    messages_claim,
    messages_release,
)
from borgerrejse.notifications.services import reminders_queue_due

logger = logging.getLogger(__name__)


@dataclass
class WorkerStats:
    delivered: int = 0
    failed_attempts: int = 0


class Worker:
    def __init__(
        self,
        *,
        batch: int = 20,
        idle_seconds: float = 1.0,
        reminders_every: float = 600.0,
    ) -> None:
        self.batch = batch
        self.idle_seconds = idle_seconds
        self.reminders_every = reminders_every
        self.stopping = False
        self.stats = WorkerStats()
        self._reminders_at = 0.0

    def stop(self, signum: int | None = None, frame: FrameType | None = None) -> None:
        """Finish the message in hand, then stop (SIGTERM, SIGINT)."""
        self.stopping = True

    def run(self, *, until_empty: bool = False) -> WorkerStats:
        previous = {
            signum: signal.signal(signum, self.stop) for signum in (signal.SIGTERM, signal.SIGINT)
        }
        logger.info("Outbox worker started")
        try:
            self._loop(until_empty=until_empty)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        logger.info("Outbox worker stopped after %s deliveries", self.stats.delivered)
        return self.stats

    def _loop(self, *, until_empty: bool) -> None:
        while not self.stopping:
            # Drop a connection the database closed or that is too old; never one a caller
            # holds a transaction on (a test, or a command run inside one).
            if not connection.in_atomic_block:
                close_old_connections()
            try:
                self._queue_reminders()
                worked = self.run_once()
            except DatabaseError:
                # A database restart or a busy SQLite file must not end a long-running
                # worker: what it held is leased and comes round again.
                if until_empty:
                    raise
                logger.exception("The outbox worker lost the database; trying again")
                worked = 0
            if not worked:
                if until_empty:
                    break
                time.sleep(self.idle_seconds)

    def run_once(self) -> int:
        """Claim one batch and deliver it. Returns how many messages were handled."""
        messages = messages_claim(limit=self.batch)
        for index, message in enumerate(messages):
            if self.stopping:
                # Hand the rest back now rather than leave them leased to a stopped worker.
                messages_release(messages=messages[index:])
                break
            message_deliver(message)
            if message.status == "delivered":
                self.stats.delivered += 1
            else:
                self.stats.failed_attempts += 1
        return len(messages)

    def _queue_reminders(self) -> None:
        if time.monotonic() - self._reminders_at < self.reminders_every:
            return
        self._reminders_at = time.monotonic()
        reminders_queue_due(on=timezone.localdate())
        appointment_reminders_queue_due(on=timezone.localdate())
