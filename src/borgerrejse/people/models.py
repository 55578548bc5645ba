from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from borgerrejse.people.cpr import CPR, LegalGender
from borgerrejse.people.cpr_vault import cpr_decrypt


class Language(models.TextChoices):
    DANISH = "da", _("Dansk")
    ENGLISH = "en", _("Engelsk")


class PreferredChannel(models.TextChoices):
    """How a citizen wants to hear from and talk to the municipality."""

    DIGITAL_POST = "digital_post", _("Digital Post")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    LETTER = "letter", _("Brev med posten")
    PHONE = "phone", _("Telefon")
    DESK = "desk", _("Personligt fremmøde i Borgerservice")


class DigitalPostExemptionReason(models.TextChoices):
    """The grounds for exemption from Digital Post (lov om Digital Post, bekendtgørelse
    om fritagelse). Declared on honour; no documentation may be demanded."""

    IMPAIRMENT = "impairment", _("Kognitiv eller fysisk funktionsnedsættelse")
    NO_COMPUTER_OR_INTERNET = (
        "no_computer_or_internet",
        _("Ingen computer eller internet i hjemmet"),
    )
    EMIGRATED = "emigrated", _("Registreret som udrejst")
    NO_FIXED_ADDRESS = "no_fixed_address", _("Ingen fast bopæl")
    LANGUAGE_BARRIERS = "language_barriers", _("Sproglige barrierer")
    MITID_DIFFICULTY = "mitid_difficulty", _("Praktiske vanskeligheder med at få MitID")
    NO_BROADBAND = "no_broadband", _("Ingen bredbåndsforbindelse på mindst 512 kbit/s")


def validate_preferred_channels(value: Any) -> None:
    """An ordered list of distinct channel codes, most preferred first."""
    if not isinstance(value, list):
        raise ValidationError(_("Kanalerne skal angives som en liste"), code="channels_not_list")
    for channel in value:
        if channel not in PreferredChannel.values:
            raise ValidationError(
                _("Ukendt kanal: %(channel)s"),
                code="channel_unknown",
                params={"channel": channel},
            )
    if len(set(value)) != len(value):
        raise ValidationError(_("Hver kanal må kun stå én gang"), code="channel_repeated")


postcode_validator = RegexValidator(
    r"^[0-9]{4}$", _("Postnummeret skal have 4 cifre"), code="postcode"
)
municipality_code_validator = RegexValidator(
    r"^[0-9]{3}$", _("Kommunekoden skal have 3 cifre"), code="municipality_code"
)


class Citizen(models.Model):
    """A person registered in CPR. The CPR number itself is never stored in plain text."""

    cpr_encrypted = models.BinaryField(_("krypteret CPR-nummer"), editable=False)
    cpr_hash = models.CharField(_("CPR-opslagsnøgle"), max_length=64, unique=True, editable=False)
    first_name = models.CharField(_("fornavn"), max_length=100)
    last_name = models.CharField(_("efternavn"), max_length=100)
    birth_date = models.DateField(_("fødselsdato"))

    # Blank for a citizen without fixed address (a Digital Post exemption ground).
    street = models.CharField(_("adresse"), max_length=200, blank=True)
    postcode = models.CharField(
        _("postnummer"), max_length=4, blank=True, validators=[postcode_validator]
    )
    city = models.CharField(_("by"), max_length=100, blank=True)
    municipality_code = models.CharField(
        _("kommunekode"), max_length=3, blank=True, validators=[municipality_code_validator]
    )

    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefon"), max_length=20, blank=True)
    preferred_language = models.CharField(
        _("foretrukket sprog"), max_length=2, choices=Language, default=Language.DANISH
    )
    preferred_channels = models.JSONField(
        _("foretrukne kanaler"),
        default=list,
        blank=True,
        validators=[validate_preferred_channels],
        help_text=_("Den foretrukne kanal står først."),
    )

    digital_post_exempt_reason = models.CharField(
        _("grund til fritagelse for Digital Post"),
        max_length=32,
        choices=DigitalPostExemptionReason,
        blank=True,
    )
    digital_post_exempt_until = models.DateField(
        _("fritaget for Digital Post til og med"), null=True, blank=True
    )

    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    class Meta:
        verbose_name = _("borger")
        verbose_name_plural = _("borgere")
        ordering = ["last_name", "first_name", "birth_date", "id"]
        indexes = [
            # Finding a citizen by name and birth date when no CPR number is at hand.
            models.Index(
                fields=["last_name", "first_name", "birth_date"],
                name="people_citizen_name_birth_idx",
            ),
            # Age bands: children, pensioners, simulations over the population.
            models.Index(fields=["birth_date"], name="people_citizen_birth_idx"),
        ]
        constraints = [
            # The exemption is always time-limited: a reason comes with an end date.
            models.CheckConstraint(
                condition=(
                    Q(digital_post_exempt_reason="", digital_post_exempt_until__isnull=True)
                    | (
                        ~Q(digital_post_exempt_reason="")
                        & Q(digital_post_exempt_until__isnull=False)
                    )
                ),
                name="people_citizen_exemption_has_end_date",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def cpr(self) -> CPR:
        """Decrypts the CPR number. Use only where the person may see it."""
        return cpr_decrypt(self.cpr_encrypted)

    @property
    def legal_gender(self) -> LegalGender:
        return self.cpr.legal_gender

    def age(self, on: dt.date) -> int:
        before_birthday = (on.month, on.day) < (self.birth_date.month, self.birth_date.day)
        return on.year - self.birth_date.year - before_birthday

    def is_digital_post_exempt(self, on: dt.date) -> bool:
        return (
            bool(self.digital_post_exempt_reason)
            and self.digital_post_exempt_until is not None
            and on <= self.digital_post_exempt_until
        )
