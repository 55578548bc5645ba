"""A reproducible, synthetic population for demos and browser tests.

Everything comes from `random.Random(DEMO_SEED)` and the lists below, so every run
produces the same people with the same CPR numbers. Creating it again adds nothing.

All demo CPR numbers are valid but deliberately fail the modulus-11 check and avoid
1 January. Before 2007 the CPR office only issued numbers that pass it (apart from a few
1 January dates), so a demo number cannot be that of a real person born before 2007.
E-mail addresses use the reserved example.* domains (RFC 2606).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Final, NamedTuple, TypeVar

from django.utils import timezone

from borgerrejse.people.cpr import CPR, InvalidCPR, LegalGender, cpr_passes_modulus11, parse_cpr
from borgerrejse.people.cpr_vault import cpr_lookup_hash
from borgerrejse.people.models import (
    Citizen,
    DigitalPostExemptionReason,
    Language,
    PreferredChannel,
)
from borgerrejse.people.services import CitizenData, citizen_bulk_create

DEMO_SEED: Final = 2026
DEMO_POPULATION_SIZE: Final = 250  # generated citizens, on top of DEMO_CITIZENS
DEMO_EXEMPT_SHARE: Final = 0.05

Ch = PreferredChannel
_T = TypeVar("_T")


@dataclasses.dataclass(frozen=True, kw_only=True)
class DemoCitizen:
    """A named demo citizen with a fixed CPR number, to log in as in demos and tests."""

    cpr: str
    first_name: str
    last_name: str
    street: str
    postcode: str
    city: str
    municipality_code: str
    email: str
    phone: str
    preferred_language: str
    preferred_channels: tuple[str, ...]
    digital_post_exempt_reason: str = ""
    purpose: str = ""

    def as_citizen_data(self, *, today: dt.date) -> CitizenData:
        # The exemption is time-limited, so its end date follows the day of creation.
        until = today + dt.timedelta(days=730) if self.digital_post_exempt_reason else None
        return CitizenData(
            cpr=self.cpr,
            first_name=self.first_name,
            last_name=self.last_name,
            street=self.street,
            postcode=self.postcode,
            city=self.city,
            municipality_code=self.municipality_code,
            email=self.email,
            phone=self.phone,
            preferred_language=self.preferred_language,
            preferred_channels=self.preferred_channels,
            digital_post_exempt_reason=self.digital_post_exempt_reason,
            digital_post_exempt_until=until,
        )


DEMO_CITIZENS: Final[Mapping[str, DemoCitizen]] = MappingProxyType(
    {
        "danish_adult": DemoCitizen(
            cpr="120385-1234",
            first_name="Anne",
            last_name="Hansen",
            street="Jægergårdsgade 12, 2. th.",
            postcode="8000",
            city="Aarhus C",
            municipality_code="751",
            email="anne.hansen@example.com",
            phone="+4521436587",
            preferred_language=Language.DANISH,
            preferred_channels=(Ch.DIGITAL_POST, Ch.EMAIL),
            purpose="Voksen, dansktalende, bruger Digital Post og e-mail.",
        ),
        "english_speaking": DemoCitizen(
            cpr="240790-1235",
            first_name="James",
            last_name="Wilson",
            street="Trøjborgvej 41, 1. tv.",
            postcode="8200",
            city="Aarhus N",
            municipality_code="751",
            email="james.wilson@example.net",
            phone="+4531527384",
            preferred_language=Language.ENGLISH,
            preferred_channels=(Ch.EMAIL, Ch.DIGITAL_POST),
            purpose="Adult who prefers English and e-mail.",
        ),
        "digital_post_exempt": DemoCitizen(
            cpr="051148-1234",
            first_name="Karen",
            last_name="Nielsen",
            street="Oddervej 88",
            postcode="8270",
            city="Højbjerg",
            municipality_code="751",
            email="",
            phone="+4586271944",
            preferred_language=Language.DANISH,
            preferred_channels=(Ch.LETTER, Ch.PHONE),
            digital_post_exempt_reason=DigitalPostExemptionReason.NO_COMPUTER_OR_INTERNET,
            purpose="Pensionist født før 1. april 1957, fritaget for Digital Post: får breve.",
        ),
        "young_adult": DemoCitizen(
            cpr="180904-4321",
            first_name="Mads",
            last_name="Jørgensen",
            street="Randersvej 150, st. th.",
            postcode="8200",
            city="Aarhus N",
            municipality_code="751",
            email="mads.joergensen@example.org",
            phone="+4561234578",
            preferred_language=Language.DANISH,
            preferred_channels=(Ch.SMS, Ch.DIGITAL_POST),
            purpose="Ung voksen født i 2000-tallet, foretrækker sms.",
        ),
    }
)


@dataclasses.dataclass(frozen=True)
class DemoPopulationResult:
    created: int
    already_present: int


# --- Names -------------------------------------------------------------------------
# (born before 1980, born 1980 or later), per legal gender.
_FIRST_NAMES: Final = {
    LegalGender.FEMALE: (
        (
            "Anne", "Kirsten", "Hanne", "Mette", "Helle", "Susanne", "Lene", "Marianne",
            "Lone", "Bente", "Inge", "Karen", "Birgit", "Jytte", "Grethe", "Else",
            "Ingrid", "Ruth", "Tove", "Lis", "Annette", "Jette", "Pia", "Gitte", "Dorthe",
        ),
        (
            "Emma", "Ida", "Freja", "Clara", "Alma", "Ella", "Sofia", "Anna", "Laura",
            "Josefine", "Olivia", "Agnes", "Karla", "Mathilde", "Ellen", "Frida", "Maja",
            "Julie", "Sara", "Camilla", "Louise", "Maria", "Cecilie", "Line", "Signe",
        ),
    ),
    LegalGender.MALE: (
        (
            "Jens", "Peter", "Lars", "Niels", "Hans", "Jørgen", "Søren", "Henrik", "Poul",
            "Ole", "Erik", "Per", "Bent", "Kurt", "Knud", "Svend", "Finn", "Preben",
            "Carsten", "Torben", "Jan", "Michael", "Kim", "Flemming", "Jesper",
        ),
        (
            "William", "Noah", "Oscar", "Lucas", "Carl", "Victor", "Alfred", "Malthe",
            "Emil", "Frederik", "Magnus", "Elias", "Oliver", "Aksel", "August", "Valdemar",
            "Mads", "Rasmus", "Mathias", "Jonas", "Christian", "Martin", "Thomas",
            "Anders", "Kasper",
        ),
    ),
}  # fmt: skip

_LAST_NAMES: Final = (
    "Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen",
    "Sørensen", "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen",
    "Thomsen", "Christiansen", "Poulsen", "Johansen", "Møller", "Mortensen", "Knudsen",
    "Jakobsen", "Mikkelsen", "Olesen", "Frederiksen", "Laursen", "Henriksen", "Lund",
    "Schmidt", "Eriksen", "Holm", "Kristiansen", "Clausen", "Simonsen", "Svendsen",
    "Andreasen", "Iversen", "Jeppesen", "Vestergaard", "Dam",
)  # fmt: skip

# Citizens who prefer English: (female first names, male first names, last names).
_INTERNATIONAL_NAMES: Final = (
    (("Emily", "Sarah", "Hannah"), ("James", "Daniel", "George"), ("Smith", "Brown", "Taylor")),
    (("Katarzyna", "Agnieszka"), ("Piotr", "Tomasz"), ("Kowalski", "Nowak", "Wiśniewski")),
    (("Priya", "Ananya"), ("Raj", "Arjun"), ("Patel", "Sharma", "Iyer")),
    (("Giulia", "Chiara"), ("Luca", "Marco"), ("Rossi", "Bianchi", "Ferrari")),
    (("María", "Ana"), ("Carlos", "Javier"), ("García", "Silva", "Fernández")),
    (("Mei", "Xin"), ("Wei", "Jun"), ("Zhang", "Wang", "Chen")),
    (("Siobhan", "Aoife"), ("Sean", "Liam"), ("Murphy", "O'Brien", "Kelly")),
)  # fmt: skip


# --- Addresses -----------------------------------------------------------------------
class _Area(NamedTuple):
    postcode: str
    city: str
    municipality_code: str
    weight: int
    streets: tuple[str, ...]


# Most demo citizens live in Aarhus Kommune; some elsewhere.
_AREAS: Final = (
    _Area(
        "8000",
        "Aarhus C",
        "751",
        14,
        (
            "Frederiks Allé",
            "Jægergårdsgade",
            "Nørregade",
            "Mejlgade",
            "Vesterbrogade",
            "Klostergade",
        ),
    ),
    _Area(
        "8200",
        "Aarhus N",
        "751",
        10,
        ("Randersvej", "Trøjborgvej", "Tordenskjoldsgade", "Finlandsgade"),
    ),
    _Area("8210", "Aarhus V", "751", 8, ("Viborgvej", "Bispehavevej", "Hasle Ringvej")),
    _Area("8220", "Brabrand", "751", 6, ("Gudrunsvej", "Bystævnet", "Hovedgaden")),
    _Area("8260", "Viby J", "751", 8, ("Skanderborgvej", "Viby Ringvej", "Kongsvang Allé")),
    _Area("8270", "Højbjerg", "751", 6, ("Oddervej", "Holme Byvej", "Rundhøj Allé")),
    _Area(
        "2200",
        "København N",
        "101",
        5,
        ("Nørrebrogade", "Jagtvej", "Guldbergsgade", "Blågårdsgade"),
    ),
    _Area("2300", "København S", "101", 3, ("Amagerbrogade", "Holmbladsgade", "Englandsvej")),
    _Area("2000", "Frederiksberg", "147", 3, ("Gammel Kongevej", "Falkoner Allé", "Godthåbsvej")),
    _Area("5000", "Odense C", "461", 3, ("Vestergade", "Kongensgade", "Overgade")),
    _Area("9000", "Aalborg", "851", 3, ("Boulevarden", "Vesterbro", "Hasserisgade")),
    _Area("7100", "Vejle", "630", 2, ("Dæmningen", "Nørregade", "Vestergade")),
)

_FLOORS: Final = (
    "",
    "",
    "",
    "st. th.",
    "st. tv.",
    "1. th.",
    "1. tv.",
    "2. th.",
    "3. tv.",
    "4. mf.",
)

# --- Channel preferences, (channels, weight) per group -------------------------------
_ADULT_CHANNELS: Final = (
    ((Ch.DIGITAL_POST, Ch.EMAIL), 30),
    ((Ch.DIGITAL_POST, Ch.SMS), 20),
    ((Ch.EMAIL, Ch.PHONE), 15),
    ((Ch.DIGITAL_POST,), 10),
    ((Ch.DESK, Ch.PHONE), 10),
    ((Ch.PHONE, Ch.DIGITAL_POST), 10),
    ((Ch.SMS, Ch.EMAIL, Ch.DIGITAL_POST), 5),
)
_PENSIONER_CHANNELS: Final = (
    ((Ch.DIGITAL_POST, Ch.PHONE), 30),
    ((Ch.PHONE, Ch.DESK), 25),
    ((Ch.DIGITAL_POST, Ch.EMAIL), 20),
    ((Ch.PHONE, Ch.DIGITAL_POST), 15),
    ((Ch.DESK, Ch.PHONE), 10),
)
_ENGLISH_CHANNELS: Final = (
    ((Ch.EMAIL, Ch.DIGITAL_POST), 50),
    ((Ch.EMAIL, Ch.SMS), 30),
    ((Ch.DIGITAL_POST,), 20),
)
_EXEMPT_CHANNELS: Final = ((Ch.LETTER, Ch.PHONE), (Ch.LETTER, Ch.DESK), (Ch.PHONE, Ch.LETTER))

# Birth-date ranges. Fixed dates, so the population does not change with the day it is
# made. Pensioners fall on both sides of 1 April 1957 (a funeral-assistance rule).
_CHILDREN: Final = (dt.date(2009, 1, 1), dt.date(2024, 12, 31))
_ADULTS: Final = (dt.date(1960, 1, 1), dt.date(2007, 12, 31))
_PENSIONERS: Final = (dt.date(1928, 1, 1), dt.date(1959, 6, 30))

_TRANSLITERATION: Final = str.maketrans(
    {"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "á": "a", "í": "i", "ś": "s", "'": ""}
)


def _weighted(rng: random.Random, options: Sequence[tuple[_T, int]]) -> _T:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def _random_birth_date(rng: random.Random, band: tuple[dt.date, dt.date]) -> dt.date:
    earliest, latest = band
    while True:
        day = earliest + dt.timedelta(days=rng.randint(0, (latest - earliest).days))
        if (day.month, day.day) != (1, 1):
            return day


def _cpr_date(digits: str) -> dt.date | None:
    try:
        return CPR(digits).birth_date
    except InvalidCPR:
        return None  # 29 February in a century without it


def _demo_cpr(
    rng: random.Random, *, birth_date: dt.date, gender: LegalGender, taken: set[str]
) -> CPR:
    """A valid, unused CPR number for the birth date that fails modulus 11."""
    prefix = birth_date.strftime("%d%m%y")
    sevenths = [d for d in range(10) if _cpr_date(f"{prefix}{d}000") == birth_date]
    parities = (1, 3, 5, 7, 9) if gender is LegalGender.MALE else (0, 2, 4, 6, 8)
    while True:
        digits = f"{prefix}{rng.choice(sevenths)}{rng.randint(0, 99):02d}{rng.choice(parities)}"
        cpr = CPR(digits)
        if digits not in taken and not cpr_passes_modulus11(cpr):
            taken.add(digits)
            return cpr


def _email(rng: random.Random, first_name: str, last_name: str) -> str:
    local = f"{first_name}.{last_name}".lower().translate(_TRANSLITERATION)
    domain = rng.choice(("example.com", "example.net", "example.org"))
    return f"{local}{rng.randint(1, 99)}@{domain}"


def _phone(rng: random.Random) -> str:
    return f"+45{rng.randint(2, 9)}{rng.randint(0, 9_999_999):07d}"


def demo_population_data(*, today: dt.date) -> list[CitizenData]:
    """The demo population: DEMO_CITIZENS first, then DEMO_POPULATION_SIZE generated.

    Only the exemption end dates depend on `today`; everything else is fixed by the seed.
    """
    rng = random.Random(DEMO_SEED)
    taken = {parse_cpr(c.cpr, today=today).value for c in DEMO_CITIZENS.values()}
    people: list[CitizenData] = [c.as_citizen_data(today=today) for c in DEMO_CITIZENS.values()]

    generated: list[CitizenData] = []
    grown_ups: list[int] = []
    for index in range(DEMO_POPULATION_SIZE):
        # 20 % children, 55 % adults of working age, 25 % pensioners.
        slot = index % 20
        band = _CHILDREN if slot < 4 else _ADULTS if slot < 15 else _PENSIONERS
        birth_date = _random_birth_date(rng, band)
        gender = rng.choice((LegalGender.FEMALE, LegalGender.MALE))
        english = band is _ADULTS and rng.random() < 0.12
        if english:
            female_names, male_names, last_names = rng.choice(_INTERNATIONAL_NAMES)
            first_name = rng.choice(female_names if gender is LegalGender.FEMALE else male_names)
            last_name = rng.choice(last_names)
            channels = _weighted(rng, _ENGLISH_CHANNELS)
        else:
            classic, modern = _FIRST_NAMES[gender]
            first_name = rng.choice(classic if birth_date.year < 1980 else modern)
            last_name = rng.choice(_LAST_NAMES)
            if band is _CHILDREN:
                channels = ()  # children are reached through their parents
            elif band is _PENSIONERS:
                channels = _weighted(rng, _PENSIONER_CHANNELS)
            else:
                channels = _weighted(rng, _ADULT_CHANNELS)
        area = _weighted(rng, [(a, a.weight) for a in _AREAS])
        floor = rng.choice(_FLOORS)
        street = f"{rng.choice(area.streets)} {rng.randint(1, 160)}" + (
            f", {floor}" if floor else ""
        )
        cpr = _demo_cpr(rng, birth_date=birth_date, gender=gender, taken=taken)
        adult = band is not _CHILDREN
        if adult:
            grown_ups.append(index)
        wants_email = Ch.EMAIL in channels or (adult and rng.random() < 0.4)
        wants_phone = bool({Ch.SMS, Ch.PHONE} & set(channels)) or (adult and rng.random() < 0.7)
        generated.append(
            CitizenData(
                cpr=cpr,
                first_name=first_name,
                last_name=last_name,
                street=street,
                postcode=area.postcode,
                city=area.city,
                municipality_code=area.municipality_code,
                email=_email(rng, first_name, last_name) if wants_email else "",
                phone=_phone(rng) if wants_phone else "",
                preferred_language=Language.ENGLISH if english else Language.DANISH,
                preferred_channels=channels,
            )
        )

    # About 5 % exempt from Digital Post, every ground represented, no children.
    exempt_count = round(DEMO_POPULATION_SIZE * DEMO_EXEMPT_SHARE)
    reasons = list(DigitalPostExemptionReason)
    for n, index in enumerate(sorted(rng.sample(grown_ups, exempt_count))):
        reason = reasons[n % len(reasons)]
        exempt = dataclasses.replace(
            generated[index],
            preferred_channels=rng.choice(_EXEMPT_CHANNELS),
            digital_post_exempt_reason=reason,
            digital_post_exempt_until=today + dt.timedelta(days=rng.randint(30, 3 * 365)),
        )
        if reason == DigitalPostExemptionReason.NO_FIXED_ADDRESS:
            # Still registered in the municipality, but with no address to write to: they
            # collect their post at the desk.
            exempt = dataclasses.replace(
                exempt, street="", postcode="", city="", preferred_channels=(Ch.DESK, Ch.PHONE)
            )
        generated[index] = exempt
    return people + generated


def demo_population_create(*, today: dt.date | None = None) -> DemoPopulationResult:
    """Create the demo population; citizens already present (by CPR) are left alone."""
    people = demo_population_data(today=today or timezone.localdate())
    by_hash = {
        cpr_lookup_hash(p.cpr if isinstance(p.cpr, CPR) else parse_cpr(p.cpr)): p for p in people
    }
    present = set(Citizen.objects.filter(cpr_hash__in=by_hash).values_list("cpr_hash", flat=True))
    missing = [p for h, p in by_hash.items() if h not in present]
    citizen_bulk_create(citizens=missing)
    return DemoPopulationResult(created=len(missing), already_present=len(present))
