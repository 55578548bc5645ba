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

from django.db import close_old_connections
from django.utils import timezone

from borgerrejse.notifications.delivery import message_deliver, messages_claim
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
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        logger.info("Outbox worker started")
        while not self.stopping:
            close_old_connections()
            self._queue_reminders()
            worked = self.run_once()
            if not worked:
                if until_empty:
                    break
                time.sleep(self.idle_seconds)
        logger.info("Outbox worker stopped after %s deliveries", self.stats.delivered)
        return self.stats

    def run_once(self) -> int:
        """Claim one batch and deliver it. Returns how many messages were handled."""
        messages = messages_claim(limit=self.batch)
        for message in messages:
            message_deliver(message)
            if message.status == "delivered":
                self.stats.delivered += 1
            else:
                self.stats.failed_attempts += 1
            if self.stopping:
                break
        return len(messages)

    def _queue_reminders(self) -> None:
        if time.monotonic() - self._reminders_at < self.reminders_every:
            return
        self._reminders_at = time.monotonic()
        reminders_queue_due(on=timezone.localdate())
