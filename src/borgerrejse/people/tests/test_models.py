import datetime as dt

import pytest
from django.db import IntegrityError, connection

from borgerrejse.people.cpr import LegalGender, parse_cpr
from borgerrejse.people.models import Citizen, DigitalPostExemptionReason
from borgerrejse.people.tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


def _as_text(value):
    if isinstance(value, memoryview | bytes | bytearray):
        return bytes(value).decode("latin-1")
    return str(value)


def test_no_column_holds_the_cpr_number_in_plain_text():
    CitizenFactory(cpr="120385-1234")

    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM people_citizen")
        row = " ".join(_as_text(value) for value in cursor.fetchone())

    assert "1203851234" not in row
    assert "120385-1234" not in row


def test_cpr_property_decrypts():
    citizen = Citizen.objects.get(pk=CitizenFactory(cpr="120385-1234").pk)

    assert citizen.cpr == parse_cpr("1203851234")
    assert citizen.legal_gender is LegalGender.FEMALE


@pytest.mark.parametrize("render", [str, repr])
def test_str_and_repr_never_contain_the_cpr_number(render):
    citizen = CitizenFactory(cpr="120385-1234", first_name="Anne", last_name="Hansen")

    shown = render(citizen)

    assert "Anne Hansen" in shown
    assert "1234" not in shown
    assert "120385" not in shown


def test_age_counts_whole_years():
    citizen = CitizenFactory(cpr="120385-1234")

    assert citizen.age(dt.date(2026, 3, 11)) == 40
    assert citizen.age(dt.date(2026, 3, 12)) == 41


def test_digital_post_exemption_holds_through_its_last_day():
    citizen = CitizenFactory(
        digital_post_exempt_reason=DigitalPostExemptionReason.LANGUAGE_BARRIERS,
        digital_post_exempt_until=dt.date(2027, 6, 30),
    )

    assert citizen.is_digital_post_exempt(dt.date(2026, 1, 1))
    assert citizen.is_digital_post_exempt(on=dt.date(2027, 6, 30))
    assert not citizen.is_digital_post_exempt(dt.date(2027, 7, 1))


def test_not_exempt_without_a_reason():
    assert not CitizenFactory().is_digital_post_exempt(dt.date(2026, 1, 1))


def test_database_refuses_an_exemption_without_end_date():
    with pytest.raises(IntegrityError):
        CitizenFactory(
            digital_post_exempt_reason=DigitalPostExemptionReason.EMIGRATED,
            digital_post_exempt_until=None,
        )


def test_database_refuses_an_end_date_without_a_reason():
    with pytest.raises(IntegrityError):
        CitizenFactory(digital_post_exempt_until=dt.date(2030, 1, 1))


def test_database_refuses_two_citizens_with_the_same_cpr_number():
    CitizenFactory(cpr="120385-1234")

    with pytest.raises(IntegrityError):
        CitizenFactory(cpr="1203851234")
