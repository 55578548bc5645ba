"""Bookable meetings: locations, appointment types, staff calendars, appointments."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = [
    "Appointment",
    "AppointmentKind",
    "AppointmentStatus",
    "Location",
    "OpeningHours",
    "SlotClaim",
    "StaffCalendar",
    "Weekday",
]


class AppointmentKind(models.TextChoices):
    DESK = "desk", _("Møde i borgerservice")
    PHONE = "phone", _("Telefonmøde")
    VIDEO = "video", _("Videomøde")


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", _("Booket")
    CANCELLED = "cancelled", _("Aflyst")
    CHECKED_IN = "checked_in", _("Mødt op")
    NO_SHOW = "no_show", _("Udeblevet")
    SERVED = "served", _("Betjent")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("mandag")
    TUESDAY = 1, _("tirsdag")
    WEDNESDAY = 2, _("onsdag")
    THURSDAY = 3, _("torsdag")
    FRIDAY = 4, _("fredag")
    SATURDAY = 5, _("lørdag")
    SUNDAY = 6, _("søndag")


class Location(models.Model):
    """A citizen service centre: where desk meetings and walk-ins take place."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("navn"), max_length=100)
    address = models.CharField(_("adresse"), max_length=200)
    counters = models.PositiveSmallIntegerField(_("skranker"), default=1)

    class Meta:
        verbose_name = _("sted")
        verbose_name_plural = _("steder")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OpeningHours(models.Model):
    """When a location is open on a weekday. A weekday without a row is closed."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("ugedag"), choices=Weekday.choices)
    opens = models.TimeField(_("åbner"))
    closes = models.TimeField(_("lukker"))

    class Meta:
        verbose_name = _("åbningstid")
        verbose_name_plural = _("åbningstider")
        ordering = ["location", "weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")),
                name="appointments_openinghours_closes_after_opens",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.location} {self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"
        )


class StaffCalendar(models.Model):
    """The hours a staff member takes booked meetings on a weekday.

    Desk meetings need a location; phone and video meetings are held from anywhere, so
    a calendar row without a location takes only those.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appointment_calendar"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="calendars"
    )
    weekday = models.PositiveSmallIntegerField(_("ugedag"), choices=Weekday.choices)
    starts = models.TimeField(_("fra"))
    ends = models.TimeField(_("til"))
    # AppointmentKind values this person takes in these hours.
    kinds = models.JSONField(default=list)

    class Meta:
        verbose_name = _("kalender")
        verbose_name_plural = _("kalendere")
        ordering = ["user", "weekday", "starts"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends__gt=models.F("starts")),
                name="appointments_staffcalendar_ends_after_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.get_weekday_display()} {self.starts:%H:%M}-{self.ends:%H:%M}"


class Appointment(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    citizen = models.ForeignKey(
        "people.Citizen", on_delete=models.PROTECT, related_name="appointments"
    )
    service_slug = models.SlugField(_("ydelse"), max_length=60)
    kind = models.CharField(_("type"), max_length=10, choices=AppointmentKind.choices)
    # Only desk meetings take place somewhere.
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, null=True, blank=True, related_name="appointments"
    )
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"))
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appointments"
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AppointmentStatus.choices,
        default=AppointmentStatus.BOOKED,
    )
    # The number we call for a phone meeting, given or confirmed when booking.
    phone = models.CharField(_("telefon"), max_length=20, blank=True)
    video_url = models.URLField(_("videolink"), blank=True)
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appointments",
    )
    rescheduled_from = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rescheduled_to",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    # When the meeting was recorded as served or as a no-show.
    finished_at = models.DateTimeField(null=True, blank=True)
    # Who recorded the last status change at the desk or on the phone.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("aftale")
        verbose_name_plural = _("aftaler")
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["starts_at", "status"], name="appointments_start_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="appointments_appointment_ends_after_starts",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="desk") | models.Q(location__isnull=False),
                name="appointments_appointment_desk_has_location",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_slug} {self.kind} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.status != AppointmentStatus.CANCELLED

    def can_change(self) -> bool:
        """The citizen may move or cancel a meeting that is booked and not yet begun."""
        return self.status == AppointmentStatus.BOOKED


class SlotClaim(models.Model):
    """One five-minute unit of a staff member's time, held by an active appointment.

    The unique constraint is what makes double booking impossible: two bookings racing
    for the same time both try to insert the same rows, and the database lets one win.
    A cancelled appointment's claims are deleted, which frees the time.
    """

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="claims")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "starts_at"], name="appointments_slotclaim_one_per_unit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff_id} {self.starts_at:%Y-%m-%d %H:%M}"
