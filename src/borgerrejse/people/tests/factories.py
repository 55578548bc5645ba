import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from borgerrejse.people.cpr import parse_cpr
from borgerrejse.people.cpr_vault import cpr_encrypt, cpr_lookup_hash
from borgerrejse.people.models import (
    Citizen,
    DigitalPostExemptionReason,
    Language,
    PreferredChannel,
)


def sequence_cpr(n: int) -> str:
    """A distinct valid CPR number per n: one birth date a day from 2 January 1960."""
    birth_date = dt.date(1960, 1, 2) + dt.timedelta(days=n)
    assert birth_date.year < 2000, "the factory sequence ran out of 1900s dates"
    return f"{birth_date:%d%m%y}-2{n % 1000:03d}"


class CitizenFactory(DjangoModelFactory):
    class Meta:
        model = Citizen

    class Params:
        cpr = factory.Sequence(sequence_cpr)
        exempt = factory.Trait(
            digital_post_exempt_reason=DigitalPostExemptionReason.IMPAIRMENT,
            digital_post_exempt_until=factory.LazyFunction(
                lambda: timezone.localdate() + dt.timedelta(days=365)
            ),
            preferred_channels=[PreferredChannel.LETTER, PreferredChannel.PHONE],
        )

    cpr_encrypted = factory.LazyAttribute(lambda o: cpr_encrypt(parse_cpr(o.cpr)))
    cpr_hash = factory.LazyAttribute(lambda o: cpr_lookup_hash(parse_cpr(o.cpr)))
    birth_date = factory.LazyAttribute(lambda o: parse_cpr(o.cpr).birth_date)
    first_name = factory.Iterator(["Anne", "Lars", "Mette", "Jens", "Sofie", "Peter"])
    last_name = factory.Iterator(["Jensen", "Nielsen", "Hansen", "Pedersen", "Larsen"])
    street = factory.Sequence(lambda n: f"Nørregade {n % 150 + 1}")
    postcode = "8000"
    city = "Aarhus C"
    municipality_code = "751"
    email = factory.LazyAttribute(lambda o: f"{o.first_name.lower()}@example.com")
    phone = "+4520304050"
    preferred_language = Language.DANISH
    preferred_channels = factory.LazyFunction(
        lambda: [PreferredChannel.DIGITAL_POST, PreferredChannel.EMAIL]
    )
