"""Delivering the outbox: claim due messages, hand them to the channel's adapter, record
what happened.

A claim is a short transaction: SELECT … FOR UPDATE SKIP LOCKED picks due rows no other
worker holds, marks them SENDING and leases them for `NOTIFICATION_LEASE_SECONDS`. The
provider is called outside any transaction. A worker that dies mid-delivery leaves the
row SENDING; when the lease runs out another worker picks it up and sends it again with
the same idempotency key, which the provider recognises, so nothing is lost or doubled.

Temporary failures are retried with exponential backoff (30 s, 1 min, 2 min, … capped
at an hour) for up to 48 hours after the message was queued; then, or at once for a
permanent failure, the message is FAILED and alerts staff in the workbench.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import random
import time
from collections.abc import Sequence
from functools import cache

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string

from borgerrejse.notifications.adapters.base import (
    Adapter,
    DeliveryError,
    Outgoing,
    Recipient,
)
from borgerrejse.notifications.documents import message_documents
from borgerrejse.notifications.models import (
    PENDING_STATUSES,
    DeliveryAttempt,
    Message,
    MessageStatus,
)

logger = logging.getLogger(__name__)

RETRY_FOR = dt.timedelta(hours=48)
FIRST_RETRY = dt.timedelta(seconds=30)
LONGEST_RETRY = dt.timedelta(hours=1)
_DOUBLINGS_TO_LONGEST = math.ceil(math.log2(LONGEST_RETRY / FIRST_RETRY))


@cache
def adapter_for(channel: str) -> Adapter:
    """The adapter configured for `channel` in NOTIFICATION_ADAPTERS."""
    return import_string(settings.NOTIFICATION_ADAPTERS[channel])()


def messages_claim(*, limit: int, now: dt.datetime | None = None) -> list[Message]:
    """Lease up to `limit` due messages to this worker. No two workers get the same row."""
    now = now or timezone.now()
    lease_until = now + dt.timedelta(seconds=settings.NOTIFICATION_LEASE_SECONDS)
    with transaction.atomic():
        due = Message.objects.filter(status__in=PENDING_STATUSES, available_at__lte=now)
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.order_by("available_at", "pk").values_list("pk", flat=True)[:limit])
        if not ids:
            return []
        Message.objects.filter(pk__in=ids).update(
            status=MessageStatus.SENDING, available_at=lease_until, attempts=F("attempts") + 1
        )
    claimed = Message.objects.filter(pk__in=ids).select_related("citizen", "case__service_version")
    return sorted(claimed, key=lambda message: ids.index(message.pk))


def messages_release(*, messages: Sequence[Message]) -> int:
    """Give back claimed messages this worker will not try after all (it is stopping), so
    they are due again now instead of when the lease runs out. A message whose lease has
    passed to another worker is left alone. Returns how many were given back."""
    released = 0
    with transaction.atomic():
        for message in messages:
            released += Message.objects.filter(
                pk=message.pk, status=MessageStatus.SENDING, available_at=message.available_at
            ).update(
                status=MessageStatus.QUEUED,
                available_at=timezone.now(),
                attempts=F("attempts") - 1,
            )
    return released


def message_deliver(message: Message) -> Message:
    """Send one claimed message and record the outcome. Never raises for a provider error."""
    started = time.monotonic()
    try:
        reference = adapter_for(message.channel).send(outgoing_for(message))
    except Exception as error:  # every failure is recorded, none is lost
        _record_failure(message, error, started)
    else:
        _record_success(message, reference, started)
    return message


def outgoing_for(message: Message) -> Outgoing:
    citizen = message.citizen
    if citizen is None:
        recipient = Recipient(name="", phone=message.phone)
    else:
        recipient = Recipient(
            name=citizen.full_name,
            # The full number: str() of a CPR is masked, for logs and screens.
            cpr=citizen.cpr.value if message.channel == "digital_post" else "",
            street=citizen.street,
            postcode=citizen.postcode,
            city=citizen.city,
            email=citizen.email,
            phone=citizen.phone,
        )
    return Outgoing(
        idempotency_key=message.idempotency_key,
        recipient=recipient,
        subject=message.subject,
        body=message.body,
        language=message.language,
        documents=message_documents(message),
        case_number=message.case.number if message.case and message.case.number else "",
    )


def retry_delay(attempts: int) -> dt.timedelta:
    """Exponential backoff with a little jitter, so a recovering provider is not hit by
    every waiting message in the same second."""
    # The exponent stops growing once the cap is reached: 30 s × 2⁴² no longer fits in a
    # timedelta, and a message retried hourly for 48 hours gets that far.
    doublings = min(max(attempts - 1, 0), _DOUBLINGS_TO_LONGEST)
    delay = min(FIRST_RETRY * 2**doublings, LONGEST_RETRY)
    return delay * random.uniform(0.9, 1.1)  # jitter, not security


def _record_success(message: Message, reference: str, started: float) -> None:
    now = timezone.now()
    with transaction.atomic():
        DeliveryAttempt.objects.create(message=message, succeeded=True, duration_ms=_ms(started))
        # Only the holder of the current lease finishes the message; a late worker whose
        # lease ran out finds it already delivered and changes nothing.
        Message.objects.filter(pk=message.pk, status__in=PENDING_STATUSES).update(
            status=MessageStatus.DELIVERED,
            delivered_at=now,
            provider_reference=reference[:200],
            last_error="",
        )
    message.refresh_from_db()


def _record_failure(message: Message, error: Exception, started: float) -> None:
    now = timezone.now()
    text = f"{type(error).__name__}: {error}"[:2000]
    permanent = isinstance(error, DeliveryError) and error.permanent
    retry_at = now + retry_delay(message.attempts)
    gives_up = permanent or retry_at - message.created_at > RETRY_FOR
    if not isinstance(error, DeliveryError):
        logger.exception("Unexpected error delivering message %s", message.pk)
    with transaction.atomic():
        DeliveryAttempt.objects.create(
            message=message, succeeded=False, error=text, duration_ms=_ms(started)
        )
        changes: dict[str, object] = {"last_error": text}
        if gives_up:
            changes |= {"status": MessageStatus.FAILED, "failed_at": now}
        else:
            changes |= {"status": MessageStatus.QUEUED, "available_at": retry_at}
        Message.objects.filter(pk=message.pk, status__in=PENDING_STATUSES).update(**changes)
    if gives_up:
        logger.warning("Message %s failed for good: %s", message.pk, text)
    message.refresh_from_db()


def _ms(started: float) -> int:
    return round((time.monotonic() - started) * 1000)
