"""The outbox: every message to a citizen is a row first and a delivery second.

A message is written in the same transaction as the domain change that causes it, so a
decision is never issued without its letter and a letter never goes out for a change that
was rolled back. Workers claim due rows with SELECT … FOR UPDATE SKIP LOCKED and pass the
row's idempotency key to the provider, so a retry after a crash does not send twice.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from borgerrejse.cases.models import Case
from borgerrejse.people.models import Citizen


class MessageChannel(models.TextChoices):
    DIGITAL_POST = "digital_post", _("Digital Post")
    PRINT = "print", _("Brev med posten")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class Purpose(models.TextChoices):
    """Why we write. Letters are formal (a decision, a request that starts a deadline)
    and must reach the citizen's official mailbox; notices are reminders and updates."""

    LETTER = "letter", _("Brev")
    NOTICE = "notice", _("Besked")


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("Venter på at blive sendt")
    SENDING = "sending", _("Sendes")
    DELIVERED = "delivered", _("Leveret")
    FAILED = "failed", _("Kunne ikke leveres")


# Rows a worker may still pick up. SENDING rows whose lease ran out belong to a worker
# that died; they are picked up again with the same idempotency key.
PENDING_STATUSES = (MessageStatus.QUEUED, MessageStatus.SENDING)


class Message(models.Model):
    """One message to one citizen on one channel."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Deterministic from its cause ("event:123:decision"), so queueing twice is a no-op,
    # and passed to the provider, so delivering twice is too.
    idempotency_key = models.CharField(max_length=120, unique=True)
    # No citizen only for a text to a number given at the kiosk (a walk-in's "nearly up").
    citizen = models.ForeignKey(
        Citizen, on_delete=models.PROTECT, related_name="messages", null=True, blank=True
    )
    phone = models.CharField(max_length=20, blank=True)
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="messages", null=True, blank=True
    )
    template = models.CharField(max_length=40)
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    channel = models.CharField(max_length=16, choices=MessageChannel.choices)
    language = models.CharField(max_length=5)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    # What the template and the PDF are rendered from (case number, dates, decision id).
    context = models.JSONField(default=dict, blank=True)

    status = models.CharField(
        max_length=12, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    attempts = models.PositiveIntegerField(default=0)
    # When a worker may next pick the row up: the retry time, or the end of a lease.
    available_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    provider_reference = models.CharField(max_length=200, blank=True)
    # A failed message alerts staff in the workbench until someone has dealt with it.
    alert_resolved_at = models.DateTimeField(null=True, blank=True)
    alert_resolved_by = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["available_at"],
                name="message_due_idx",
                condition=Q(status__in=["queued", "sending"]),
            ),
            models.Index(fields=["citizen", "-created_at"], name="message_citizen_idx"),
            models.Index(fields=["case", "created_at"], name="message_case_idx"),
            models.Index(
                fields=["failed_at"],
                name="message_alert_idx",
                condition=Q(status="failed", alert_resolved_at__isnull=True),
            ),
            models.Index(
                fields=["-delivered_at"],
                name="message_print_idx",
                condition=Q(channel="print", status="delivered"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template} → {self.channel} ({self.status})"

    @property
    def recipient_label(self) -> str:
        """Who the message is to, for staff pages."""
        return self.citizen.full_name if self.citizen is not None else self.phone


class DeliveryAttempt(models.Model):
    """One try at delivering a message: what the provider said, for the staff alert."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="delivery_attempts")
    at = models.DateTimeField(auto_now_add=True)
    succeeded = models.BooleanField()
    error = models.TextField(blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.message_id} {'ok' if self.succeeded else 'failed'} {self.at:%Y-%m-%d %H:%M}"


class LocalDigitalPostMessage(models.Model):
    """The local Digital Post: what the provider would put in the citizen's mailbox.

    The demo citizen reads it at "Digital Post" in the portal. Unique on the idempotency
    key, as Digital Post is on a MeMo message's UUID: a second send is the same message.
    """

    idempotency_key = models.CharField(max_length=120, unique=True)
    message_uuid = models.UUIDField(unique=True)
    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="digital_post")
    sender = models.CharField(max_length=200)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    memo_xml = models.TextField()
    pdf = models.BinaryField(blank=True)
    pdf_filename = models.CharField(max_length=100, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["citizen", "-received_at"], name="localdp_citizen_idx")]

    def __str__(self) -> str:
        return self.subject


class LocalSms(models.Model):
    """The local SMS gateway: what the provider would have sent, by phone number."""

    idempotency_key = models.CharField(max_length=120, unique=True)
    phone = models.CharField(max_length=20)
    text = models.TextField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"SMS to {self.phone}"
