"""The walk-in queue: tickets, counters and their calls.

One queue per service (`Ticket.service_slug`). A counter calls the next ticket by its
work profile: the longest wait across its services, or weighted across them. A booked
appointment that checks in gets a ticket at the top of its service's queue.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from borgerrejse.appointments.models.booking import Appointment, Location

__all__ = [
    "Counter",
    "Ticket",
    "TicketPriority",
    "TicketStatus",
    "WorkMode",
    "WorkProfile",
]


class WorkMode(models.TextChoices):
    LONGEST_WAIT = "longest_wait", _("Længst ventetid først")
    WEIGHTED = "weighted", _("Vægtet mellem ydelser")


class WorkProfile(models.Model):
    """How a counter chooses the next ticket, and from which services' queues."""

    name = models.CharField(_("navn"), max_length=100, unique=True)
    mode = models.CharField(
        _("kaldemåde"), max_length=16, choices=WorkMode.choices, default=WorkMode.LONGEST_WAIT
    )
    # Service slug → weight (a positive number). The services a counter with this profile
    # calls from are the keys; under LONGEST_WAIT the weights are not used.
    weights = models.JSONField(_("vægte"), default=dict)

    class Meta:
        verbose_name = _("arbejdsprofil")
        verbose_name_plural = _("arbejdsprofiler")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def services(self) -> list[str]:
        return sorted(self.weights)

    def weight(self, service_slug: str) -> float:
        try:
            return max(float(self.weights.get(service_slug, 0)), 0.0)
        except (TypeError, ValueError):
            return 0.0


class Counter(models.Model):
    """A desk where staff call and serve tickets."""

    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="desk_counters")
    number = models.PositiveSmallIntegerField(_("skranke nr."))
    is_open = models.BooleanField(_("åben"), default=False)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="desk_counters",
    )
    profile = models.ForeignKey(
        WorkProfile, on_delete=models.PROTECT, null=True, blank=True, related_name="counters"
    )
    opened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("skranke")
        verbose_name_plural = _("skranker")
        ordering = ["location", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["location", "number"], name="appointments_counter_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.location} {self.number}"

    @property
    def services(self) -> list[str]:
        return self.profile.services if self.profile is not None else []


class TicketStatus(models.TextChoices):
    WAITING = "waiting", _("Venter")
    CALLED = "called", _("Kaldt")
    SERVING = "serving", _("Betjenes")
    PARKED = "parked", _("Parkeret")
    NO_SHOW = "no_show", _("Ikke mødt op")
    SERVED = "served", _("Betjent")
    TRANSFERRED = "transferred", _("Flyttet til anden kø")


class TicketPriority(models.IntegerChoices):
    WALK_IN = 0, _("Uden tid")
    BOOKED = 1, _("Booket tid")


# Tickets still in the building: counted on the display and in the estimates.
ACTIVE_STATUSES = (TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING)


class Ticket(models.Model):
    # The ticket page's address: a walk-in has no login, so the link is the key.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="tickets")
    # The letter of the service and a number that starts over each day: "A012".
    number = models.CharField(_("nummer"), max_length=8)
    day = models.DateField()
    service_slug = models.SlugField(_("ydelse"), max_length=60)
    # Walk-ins are usually anonymous; a booked appointment brings its citizen.
    citizen = models.ForeignKey(
        "people.Citizen",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
    )
    # Where we send "it is nearly your turn"; optional.
    phone = models.CharField(_("mobilnummer"), max_length=20, blank=True)
    # The kiosk's language, for the "nearly your turn" SMS.
    language = models.CharField(max_length=5, default="da")
    appointment = models.ForeignKey(
        Appointment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=TicketStatus.choices, default=TicketStatus.WAITING
    )
    priority = models.PositiveSmallIntegerField(
        choices=TicketPriority.choices, default=TicketPriority.WALK_IN
    )
    # When the citizen joined the queue. A transfer keeps it, so nobody starts over.
    queued_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    called_at = models.DateTimeField(null=True, blank=True)
    served_started_at = models.DateTimeField(null=True, blank=True)
    served_ended_at = models.DateTimeField(null=True, blank=True)
    counter = models.ForeignKey(
        Counter, on_delete=models.SET_NULL, null=True, blank=True, related_name="tickets"
    )
    served_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recalls = models.PositiveSmallIntegerField(default=0)
    transferred_from = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="transferred_to",
    )
    nearly_up_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("kønummer")
        verbose_name_plural = _("kønumre")
        ordering = ["-priority", "queued_at", "id"]
        constraints = [
            # A transferred ticket keeps its number, the one on the citizen's slip.
            models.UniqueConstraint(
                fields=["location", "day", "number"],
                condition=models.Q(transferred_from__isnull=True),
                name="appointments_ticket_unique_number",
            )
        ]
        indexes = [
            models.Index(
                fields=["service_slug", "-priority", "queued_at"],
                name="appointments_ticket_queue_idx",
                condition=models.Q(status="waiting"),
            ),
            models.Index(fields=["day", "status"], name="appointments_ticket_day_idx"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def handling_seconds(self) -> float | None:
        if self.served_started_at is None or self.served_ended_at is None:
            return None
        return (self.served_ended_at - self.served_started_at).total_seconds()

    @property
    def waited_seconds(self) -> float | None:
        if self.called_at is None:
            return None
        return (self.called_at - self.queued_at).total_seconds()
