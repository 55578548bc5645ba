"""Writes for citizens. Every write runs in a transaction."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from borgerrejse.people.cpr import CPR, parse_cpr
from borgerrejse.people.cpr_vault import cpr_encrypt, cpr_lookup_hash
from borgerrejse.people.models import Citizen, DigitalPostExemptionReason, Language


class CitizenAlreadyExists(ValidationError):
    """A citizen with this CPR number is already registered."""

    def __init__(self) -> None:
        super().__init__(
            _("Der findes allerede en borger med dette CPR-nummer"), code="citizen_exists"
        )

    def __reduce__(self) -> tuple[type[CitizenAlreadyExists], tuple[()]]:
        return (type(self), ())


@dataclasses.dataclass(frozen=True, kw_only=True)
class CitizenData:
    """One citizen to create; see `citizen_create` for the fields."""

    cpr: str | CPR = dataclasses.field(repr=False)
    first_name: str
    last_name: str
    street: str
    postcode: str
    city: str
    municipality_code: str
    email: str = ""
    phone: str = ""
    preferred_language: str = Language.DANISH
    preferred_channels: Sequence[str] = ()
    digital_post_exempt_reason: str = ""
    digital_post_exempt_until: dt.date | None = None


def _validate_exemption(*, reason: str, until: dt.date | None, today: dt.date) -> None:
    if reason not in DigitalPostExemptionReason.values:
        raise ValidationError(
            {"digital_post_exempt_reason": _("Vælg en grund til fritagelsen")},
            code="exemption_reason",
        )
    if until is None:
        # The exemption is time-limited by law.
        raise ValidationError(
            {"digital_post_exempt_until": _("Angiv hvor længe fritagelsen gælder")},
            code="exemption_until_missing",
        )
    if until < today:
        raise ValidationError(
            {"digital_post_exempt_until": _("Fritagelsen skal gælde til i dag eller senere")},
            code="exemption_until_past",
        )


def _citizen_build(data: CitizenData, *, today: dt.date) -> Citizen:
    """An unsaved, fully validated citizen."""
    cpr = parse_cpr(data.cpr.value if isinstance(data.cpr, CPR) else data.cpr, today=today)
    if data.digital_post_exempt_reason or data.digital_post_exempt_until is not None:
        _validate_exemption(
            reason=data.digital_post_exempt_reason,
            until=data.digital_post_exempt_until,
            today=today,
        )
    citizen = Citizen(
        cpr_encrypted=cpr_encrypt(cpr),
        cpr_hash=cpr_lookup_hash(cpr),
        birth_date=cpr.birth_date,
        first_name=data.first_name.strip(),
        last_name=data.last_name.strip(),
        street=data.street.strip(),
        postcode=data.postcode.strip(),
        city=data.city.strip(),
        municipality_code=data.municipality_code.strip(),
        email=data.email.strip(),
        phone=data.phone.strip(),
        preferred_language=data.preferred_language,
        preferred_channels=list(data.preferred_channels),
        digital_post_exempt_reason=data.digital_post_exempt_reason,
        digital_post_exempt_until=data.digital_post_exempt_until,
    )
    # Uniqueness is checked by the callers in one query for a whole batch, and the
    # exemption constraint above in Python: Django would spend a query per citizen on each.
    citizen.full_clean(
        exclude=["cpr_encrypted", "cpr_hash"], validate_unique=False, validate_constraints=False
    )
    return citizen


@sensitive_variables("cpr")  # keeps the raw number out of error reports
def citizen_create(
    *,
    cpr: str | CPR,
    first_name: str,
    last_name: str,
    street: str,
    postcode: str,
    city: str,
    municipality_code: str,
    email: str = "",
    phone: str = "",
    preferred_language: str = Language.DANISH,
    preferred_channels: Sequence[str] = (),
) -> Citizen:
    """Register a citizen. The birth date comes from the CPR number.

    Pass empty address fields for a citizen without a fixed address. Raises `InvalidCPR`,
    `CitizenAlreadyExists` or `ValidationError` (keyed by field).
    """
    citizen = _citizen_build(
        CitizenData(
            cpr=cpr,
            first_name=first_name,
            last_name=last_name,
            street=street,
            postcode=postcode,
            city=city,
            municipality_code=municipality_code,
            email=email,
            phone=phone,
            preferred_language=preferred_language,
            preferred_channels=preferred_channels,
        ),
        today=timezone.localdate(),
    )
    with transaction.atomic():
        if Citizen.objects.filter(cpr_hash=citizen.cpr_hash).exists():
            raise CitizenAlreadyExists
        try:
            # A savepoint, so a concurrent insert of the same CPR leaves the outer
            # transaction usable.
            with transaction.atomic():
                citizen.save(force_insert=True)
        except IntegrityError as exc:
            raise CitizenAlreadyExists from exc
    return citizen


def citizen_bulk_create(*, citizens: Sequence[CitizenData]) -> list[Citizen]:
    """Register many citizens at once (imports, the demo population).

    All or nothing: if any one is invalid or already registered, none is created.
    """
    today = timezone.localdate()
    built = [_citizen_build(data, today=today) for data in citizens]
    hashes = [c.cpr_hash for c in built]
    if len(set(hashes)) != len(hashes):
        raise CitizenAlreadyExists
    with transaction.atomic():
        if Citizen.objects.filter(cpr_hash__in=hashes).exists():
            raise CitizenAlreadyExists
        return Citizen.objects.bulk_create(built, batch_size=500)


def citizen_set_digital_post_exemption(*, citizen: Citizen, reason: str, until: dt.date) -> Citizen:
    """Record an exemption from Digital Post: the citizen gets paper letters until `until`.

    Setting the same exemption again changes nothing.
    """
    _validate_exemption(reason=reason, until=until, today=timezone.localdate())
    with transaction.atomic():
        locked = Citizen.objects.select_for_update().get(pk=citizen.pk)
        if (locked.digital_post_exempt_reason, locked.digital_post_exempt_until) != (
            reason,
            until,
        ):
            locked.digital_post_exempt_reason = reason
            locked.digital_post_exempt_until = until
            locked.save(
                update_fields=[
                    "digital_post_exempt_reason",
                    "digital_post_exempt_until",
                    "updated_at",
                ]
            )
    _copy_exemption(source=locked, target=citizen)
    return locked


def citizen_clear_digital_post_exemption(*, citizen: Citizen) -> Citizen:
    """End an exemption from Digital Post now. Clearing a citizen who is not exempt is a no-op."""
    with transaction.atomic():
        locked = Citizen.objects.select_for_update().get(pk=citizen.pk)
        if locked.digital_post_exempt_reason or locked.digital_post_exempt_until is not None:
            locked.digital_post_exempt_reason = ""
            locked.digital_post_exempt_until = None
            locked.save(
                update_fields=[
                    "digital_post_exempt_reason",
                    "digital_post_exempt_until",
                    "updated_at",
                ]
            )
    _copy_exemption(source=locked, target=citizen)
    return locked


def _copy_exemption(*, source: Citizen, target: Citizen) -> None:
    # The caller's instance should not go on showing the old state.
    target.digital_post_exempt_reason = source.digital_post_exempt_reason
    target.digital_post_exempt_until = source.digital_post_exempt_until
    target.updated_at = source.updated_at
