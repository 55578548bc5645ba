"""Providers and helpers for the outbox tests.

The tests deliver through the real local Digital Post (`adapters.digital_post`), which
keeps the adapter contract the way Digital Post does: one mailbox entry per idempotency
key, a repeat answered with the first delivery's reference, faults injected from
`NOTIFICATION_FAULTS["digital_post"]`. `SlowToAnswerDigitalPost` adds one fault of its
own, `answer_delay_ms`: how long the provider takes to answer *after* it has accepted the
message. That is the window in which a worker can die with the message delivered but not
yet marked so.

The worker subprocesses in the fault tests load it by class path through
`DIGITAL_POST_ADAPTER`, so it lives here rather than in a test module.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from django.conf import settings

from borgerrejse.notifications.adapters.base import Outgoing, PermanentDeliveryError
from borgerrejse.notifications.adapters.digital_post import LocalDigitalPost
from borgerrejse.notifications.delivery import adapter_for
from borgerrejse.notifications.models import LocalDigitalPostMessage, Message
from borgerrejse.notifications.services import message_queue
from borgerrejse.people.models import Citizen

PROVIDER = "borgerrejse.notifications.tests.provider.SlowToAnswerDigitalPost"
REFUSING = "borgerrejse.notifications.tests.provider.RefusingProvider"
BROKEN = "borgerrejse.notifications.tests.provider.BrokenProvider"
# A notice renders no PDF on Digital Post, so thousands of them queue and send quickly.
NOTICE = "receipt"
NOTICE_CONTEXT = {
    "title": "sundhedskort",
    "number": "2026-000001",
    "due": "16. marts 2026",
    "url": "http://127.0.0.1:8000/sager/2026-000001/",
    "contact": "Mette Ydelse",
    "phone": "33 12 34 56",
    "email": "mette@borgerrejse.example",
}


class SlowToAnswerDigitalPost(LocalDigitalPost):
    def send(self, outgoing: Outgoing) -> str:
        reference = super().send(outgoing)
        plan = settings.NOTIFICATION_FAULTS.get("digital_post") or {}
        answer_delay_ms = float(plan.get("answer_delay_ms", 0))
        if answer_delay_ms:
            time.sleep(answer_delay_ms / 1000)
        return reference


class RefusingProvider:
    """Refuses every message for good, as a provider does an unknown recipient."""

    def send(self, outgoing: Outgoing) -> str:
        raise PermanentDeliveryError("the recipient is not known to the provider")


class BrokenProvider:
    """Fails with an error the contract does not name: a bug, a dropped connection."""

    def send(self, outgoing: Outgoing) -> str:
        raise RuntimeError("connection reset by peer")


def use_provider(settings: Any, path: str = PROVIDER, **faults: Any) -> None:
    """Point the Digital Post channel at `path` (pytest-django's `settings` fixture)."""
    settings.NOTIFICATION_ADAPTERS = {**settings.NOTIFICATION_ADAPTERS, "digital_post": path}
    settings.NOTIFICATION_FAULTS = {"digital_post": faults} if faults else {}
    adapter_for.cache_clear()


def notices_queue(citizen: Citizen, count: int, *, prefix: str = "test") -> list[Message]:
    """Queue `count` receipts to a citizen who gets them by Digital Post."""
    return [
        message_queue(
            citizen=citizen,
            template=NOTICE,
            key=f"{prefix}:{uuid.uuid4()}:{n}",
            context=NOTICE_CONTEXT,
        )
        for n in range(count)
    ]


def provider_counts() -> dict[str, int]:
    """How many mailbox entries the provider holds per idempotency key."""
    counts: dict[str, int] = {}
    for key in LocalDigitalPostMessage.objects.values_list("idempotency_key", flat=True):
        counts[key] = counts.get(key, 0) + 1
    return counts
