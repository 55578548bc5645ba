"""Contacts: every time the citizen and the municipality talk, on whatever channel.

A web submission is not stored here a second time: it is on the case's timeline already,
and `contacts.selectors.contact_timeline` merges the two into one history.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from borgerrejse.cases.models import Case, Channel
from borgerrejse.people.models import Citizen

__all__ = ["CONTACT_CHANNELS", "Contact", "Direction", "HandlerKind"]

# Every channel a person can use; "system" is the platform talking to itself.
CONTACT_CHANNELS = [(value, label) for value, label in Channel.choices if value != Channel.SYSTEM]


class Direction(models.TextChoices):
    INBOUND = "inbound", _("Fra borgeren")
    OUTBOUND = "outbound", _("Til borgeren")


class HandlerKind(models.TextChoices):
    STAFF = "staff", _("En medarbejder")
    AUTOMATION = "automation", _("Automatisk")


class Contact(models.Model):
    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="contacts")
    channel = models.CharField(_("kanal"), max_length=10, choices=CONTACT_CHANNELS)
    direction = models.CharField(_("retning"), max_length=10, choices=Direction.choices)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handler_kind = models.CharField(max_length=12, choices=HandlerKind.choices)
    # Kept as text too, so the history still says who it was if the account goes.
    handler_name = models.CharField(max_length=200, blank=True)
    subject = models.CharField(_("emne"), max_length=200)
    summary = models.TextField(_("resumé"), blank=True)
    cases = models.ManyToManyField(Case, blank=True, related_name="contacts")
    resolved_at_first_contact = models.BooleanField(_("løst ved første kontakt"), default=False)
    duration_seconds = models.PositiveIntegerField(_("varighed (sekunder)"), null=True, blank=True)
    follows_up = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_ups"
    )
    rating = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    rated_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["started_at", "id"]
        indexes = [
            models.Index(fields=["citizen", "-started_at"], name="contact_citizen_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="contact_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.citizen_id} {self.channel} {self.subject}"

    def can_rate(self) -> bool:
        return self.rating is None and self.handler_kind == HandlerKind.STAFF
