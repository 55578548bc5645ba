"""Writes to contacts: registering a contact on any channel, and the citizen's rating."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from borgerrejse.cases.models import Case, Channel
from borgerrejse.contacts.models import CONTACT_CHANNELS, Contact, Direction, HandlerKind
from borgerrejse.people.models import Citizen, DigitalPostExemptionReason
from borgerrejse.people.services import citizen_set_digital_post_exemption

MAX_SUBJECT = 200
MAX_SUMMARY = 4000
# A contact longer than a working day is a typing error, not a conversation.
MAX_DURATION_SECONDS = 8 * 60 * 60


class ContactError(Exception):
    """Bad input or a refused action; `message` is for the person who tried, `field`
    is the input it concerns ("" for the whole form)."""

    def __init__(self, message: object, *, field: str = "") -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


def staff_name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def contact_register(
    *,
    citizen: Citizen,
    channel: str,
    direction: str,
    subject: str,
    handler: User | None,
    summary: str = "",
    cases: Sequence[Case] = (),
    resolved_at_first_contact: bool = False,
    duration_seconds: int | None = None,
    follows_up: Contact | None = None,
    started_at: dt.datetime | None = None,
) -> Contact:
    """Record one contact. `handler` None means automation did it."""
    if channel not in dict(CONTACT_CHANNELS):
        raise ContactError(_("Vælg en kanal."), field="channel")
    if direction not in Direction.values:
        raise ContactError(
            _("Vælg, om borgeren kontaktede os, eller vi kontaktede borgeren."), field="direction"
        )
    subject = subject.strip()
    if not subject:
        raise ContactError(_("Skriv, hvad kontakten handlede om."), field="subject")
    if len(subject) > MAX_SUBJECT:
        raise ContactError(
            _("Emnet må højst være %(limit)s tegn.") % {"limit": MAX_SUBJECT}, field="subject"
        )
    if len(summary) > MAX_SUMMARY:
        raise ContactError(
            _("Resuméet må højst være %(limit)s tegn.") % {"limit": MAX_SUMMARY}, field="summary"
        )
    if duration_seconds is not None and not 0 <= duration_seconds <= MAX_DURATION_SECONDS:
        raise ContactError(_("Varigheden skal være mellem 0 og 8 timer."), field="duration")
    if any(case.citizen_id != citizen.pk for case in cases):
        raise ContactError(_("Sagen hører til en anden borger."), field="cases")
    if follows_up is not None and follows_up.citizen_id != citizen.pk:
        raise ContactError(
            _("Kontakten, der følges op på, er en anden borgers."), field="follows_up"
        )
    with transaction.atomic():
        contact = Contact.objects.create(
            citizen=citizen,
            channel=channel,
            direction=direction,
            handler=handler,
            handler_kind=HandlerKind.AUTOMATION if handler is None else HandlerKind.STAFF,
            handler_name="" if handler is None else staff_name(handler),
            subject=subject,
            summary=summary.strip(),
            resolved_at_first_contact=resolved_at_first_contact,
            duration_seconds=duration_seconds,
            follows_up=follows_up,
            started_at=started_at or timezone.now(),
        )
        if cases:
            contact.cases.set(cases)
        return contact


def contact_rate(*, citizen: Citizen, contact: Contact, rating: int) -> Contact:
    """The citizen's rating of a contact, 1 (poor) to 5 (very good). Once per contact."""
    if contact.citizen_id != citizen.pk:
        raise ContactError(_("Kontakten findes ikke."))
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ContactError(_("Vælg et tal fra 1 til 5."), field="rating")
    with transaction.atomic():
        locked = Contact.objects.select_for_update().get(pk=contact.pk)
        if locked.rating is not None:
            raise ContactError(_("Du har allerede bedømt denne kontakt. Tak for det."))
        locked.rating = rating
        locked.rated_at = timezone.now()
        locked.save(update_fields=["rating", "rated_at"])
        return locked


def contact_digital_post_exemption_grant(
    *, citizen: Citizen, reason: str, until: dt.date, handler: User
) -> Contact:
    """Fritagelse for Digital Post at the desk: from now on letters go on paper. The
    grant is recorded as a desk contact. (Declared on honour: no documentation asked.)"""
    if reason not in DigitalPostExemptionReason.values:
        raise ContactError(_("Vælg en grund til fritagelsen."), field="reason")
    with transaction.atomic():
        try:
            citizen_set_digital_post_exemption(citizen=citizen, reason=reason, until=until)
        except ValidationError as error:
            raise ContactError(" ".join(error.messages), field="until") from error
        return contact_register(
            citizen=citizen,
            channel=Channel.DESK,
            direction=Direction.INBOUND,
            subject=str(_("Fritagelse for Digital Post")),
            summary=str(DigitalPostExemptionReason(reason).label),
            handler=handler,
            resolved_at_first_contact=True,
        )
