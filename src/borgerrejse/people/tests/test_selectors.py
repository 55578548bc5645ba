import datetime as dt

import pytest

from borgerrejse.people.cpr import InvalidCPR, parse_cpr
from borgerrejse.people.models import DigitalPostExemptionReason
from borgerrejse.people.selectors import (
    citizen_get,
    citizen_get_by_cpr,
    citizen_list_born_between,
    citizen_list_by_name_and_birth_date,
    citizen_list_digital_post_exempt,
)
from borgerrejse.people.tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("written", ["120385-1234", "1203851234", " 120385 1234"])
def test_get_by_cpr_finds_the_citizen_through_the_hash(written, django_assert_num_queries):
    anne = CitizenFactory(cpr="120385-1234")
    CitizenFactory(cpr="120385-1236")

    with django_assert_num_queries(1):
        found = citizen_get_by_cpr(cpr=written)

    assert found == anne


def test_get_by_cpr_accepts_a_parsed_cpr():
    anne = CitizenFactory(cpr="120385-1234")

    assert citizen_get_by_cpr(cpr=parse_cpr("1203851234")) == anne


def test_get_by_cpr_returns_none_when_nobody_has_the_number():
    CitizenFactory(cpr="120385-1234")

    assert citizen_get_by_cpr(cpr="120385-1236") is None


def test_get_by_cpr_says_what_is_wrong_with_a_malformed_number():
    with pytest.raises(InvalidCPR):
        citizen_get_by_cpr(cpr="12-03")


def test_get_by_id():
    citizen = CitizenFactory()

    assert citizen_get(citizen_id=citizen.pk) == citizen
    assert citizen_get(citizen_id=citizen.pk + 1) is None


def test_list_by_name_and_birth_date_ignores_case_and_spaces():
    anne = CitizenFactory(cpr="120385-1234", first_name="Anne", last_name="Hansen")
    CitizenFactory(cpr="130385-1234", first_name="Anne", last_name="Hansen")
    CitizenFactory(cpr="120385-1236", first_name="Anna", last_name="Hansen")

    found = citizen_list_by_name_and_birth_date(
        first_name=" anne", last_name="HANSEN", birth_date=dt.date(1985, 3, 12)
    )

    assert list(found) == [anne]


def test_list_digital_post_exempt_on_a_day():
    current = CitizenFactory(
        digital_post_exempt_reason=DigitalPostExemptionReason.IMPAIRMENT,
        digital_post_exempt_until=dt.date(2026, 12, 31),
    )
    CitizenFactory(
        digital_post_exempt_reason=DigitalPostExemptionReason.IMPAIRMENT,
        digital_post_exempt_until=dt.date(2026, 1, 31),
    )
    CitizenFactory()

    assert list(citizen_list_digital_post_exempt(on=dt.date(2026, 6, 1))) == [current]


def test_list_born_between_includes_both_ends():
    first = CitizenFactory(cpr="010285-1234")
    last = CitizenFactory(cpr="280285-1234")
    CitizenFactory(cpr="010385-1234")

    found = citizen_list_born_between(earliest=dt.date(1985, 2, 1), latest=dt.date(1985, 2, 28))

    assert set(found) == {first, last}
