import datetime as dt
import io
import random
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command

from borgerrejse.people.cpr import LegalGender, cpr_passes_modulus11, parse_cpr
from borgerrejse.people.demo import (
    DEMO_CITIZENS,
    DEMO_POPULATION_SIZE,
    _demo_cpr,
    demo_population_create,
    demo_population_data,
)
from borgerrejse.people.models import Citizen, DigitalPostExemptionReason, Language
from borgerrejse.people.selectors import citizen_get_by_cpr
from borgerrejse.people.tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 5, 4)
NOW = dt.datetime(2026, 5, 4, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Copenhagen"))
TOTAL = DEMO_POPULATION_SIZE + len(DEMO_CITIZENS)


@pytest.fixture
def population():
    with time_machine.travel(NOW, tick=False):
        demo_population_create()
    return list(Citizen.objects.all())


def _run_command():
    out = io.StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def test_command_is_idempotent():
    first = _run_command()
    second = _run_command()

    assert f"{TOTAL} oprettet, 0 fandtes allerede" in first
    assert f"0 oprettet, {TOTAL} fandtes allerede" in second
    assert Citizen.objects.count() == TOTAL


def test_creates_in_bulk(django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        result = demo_population_create()

    assert result.created == TOTAL


def test_leaves_existing_citizens_alone_and_fills_in_the_rest():
    anne = DEMO_CITIZENS["danish_adult"]
    CitizenFactory(cpr=anne.cpr, first_name="Ane")

    result = demo_population_create()

    assert (result.created, result.already_present) == (TOTAL - 1, 1)
    assert citizen_get_by_cpr(cpr=anne.cpr).first_name == "Ane"


def test_population_is_reproducible():
    first = [(d.cpr, d.first_name, d.street) for d in demo_population_data(today=TODAY)]
    again = [(d.cpr, d.first_name, d.street) for d in demo_population_data(today=TODAY)]

    assert first == again


def test_population_has_at_least_200_valid_unique_cpr_numbers(population):
    cprs = [c.cpr for c in population]

    assert len(population) >= 200
    assert len({c.value for c in cprs}) == len(cprs)
    for citizen, cpr in zip(population, cprs, strict=True):
        assert parse_cpr(cpr.value, today=TODAY).birth_date == citizen.birth_date
        # Deliberately unlike any real pre-2007 number.
        assert not cpr_passes_modulus11(cpr)


def test_population_spreads_ages(population):
    ages = [c.age(TODAY) for c in population]

    assert sum(age < 12 for age in ages) >= 10
    assert sum(12 <= age < 18 for age in ages) >= 10
    assert sum(18 <= age < 67 for age in ages) >= 100
    assert sum(age >= 67 for age in ages) >= 40
    assert sum(c.birth_date < dt.date(1957, 4, 1) for c in population) >= 20
    assert any(dt.date(1957, 4, 1) <= c.birth_date < dt.date(1960, 1, 1) for c in population)


def test_population_spreads_places_languages_and_channels(population):
    assert len({c.postcode for c in population}) >= 8
    assert len({c.municipality_code for c in population}) >= 4
    assert sum(c.preferred_language == Language.ENGLISH for c in population) >= 10
    assert len({tuple(c.preferred_channels) for c in population}) >= 8
    adults = [c for c in population if c.age(TODAY) >= 18]
    assert all(c.preferred_channels for c in adults)
    assert all(c.email.split("@")[1].startswith("example.") for c in population if c.email)


def test_about_five_percent_are_exempt_on_every_ground(population):
    exempt = [c for c in population if c.is_digital_post_exempt(TODAY)]

    assert 0.03 <= len(exempt) / len(population) <= 0.08
    assert {c.digital_post_exempt_reason for c in exempt} == set(DigitalPostExemptionReason)
    assert len({c.digital_post_exempt_until for c in exempt}) > 5
    assert all(c.age(TODAY) >= 18 for c in exempt)


def test_demo_citizens_can_be_found_by_their_fixed_cpr_numbers(population):
    danish = citizen_get_by_cpr(cpr=DEMO_CITIZENS["danish_adult"].cpr)
    english = citizen_get_by_cpr(cpr=DEMO_CITIZENS["english_speaking"].cpr)
    exempt = citizen_get_by_cpr(cpr=DEMO_CITIZENS["digital_post_exempt"].cpr)
    young = citizen_get_by_cpr(cpr=DEMO_CITIZENS["young_adult"].cpr)

    assert (danish.full_name, danish.preferred_language) == ("Anne Hansen", "da")
    assert danish.age(TODAY) >= 18
    assert (english.full_name, english.preferred_language) == ("James Wilson", "en")
    assert exempt.is_digital_post_exempt(TODAY)
    assert exempt.birth_date < dt.date(1957, 4, 1)
    assert exempt.preferred_channels[0] == "letter"
    assert young.birth_date.year >= 2000


@pytest.mark.parametrize("birth_date", [dt.date(2000, 2, 29), dt.date(1904, 2, 29)])
def test_demo_cpr_numbers_work_for_leap_days(birth_date):
    cpr = _demo_cpr(random.Random(1), birth_date=birth_date, gender=LegalGender.FEMALE, taken=set())

    assert cpr.birth_date == birth_date
