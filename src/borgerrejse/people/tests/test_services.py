import datetime as dt
import pickle
import sys
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.views.debug import ExceptionReporter

from borgerrejse.people.cpr import InvalidCPR, parse_cpr
from borgerrejse.people.cpr_vault import cpr_lookup_hash
from borgerrejse.people.models import Citizen, DigitalPostExemptionReason, Language
from borgerrejse.people.services import (
    CitizenAlreadyExists,
    CitizenData,
    citizen_bulk_create,
    citizen_clear_digital_post_exemption,
    citizen_create,
    citizen_set_digital_post_exemption,
)
from borgerrejse.people.tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")
NOW = dt.datetime(2026, 5, 4, 10, 0, tzinfo=COPENHAGEN)

ADDRESS = {
    "street": "Nørregade 10, 2. th.",
    "postcode": "8000",
    "city": "Aarhus C",
    "municipality_code": "751",
}


def _create(**overrides):
    return citizen_create(
        **{"cpr": "120385-1234", "first_name": "Anne", "last_name": "Hansen", **ADDRESS} | overrides
    )


def test_create_derives_birth_date_and_stores_the_cpr_encrypted():
    citizen = _create(
        first_name="  Anne ",
        email="anne@example.com",
        preferred_language=Language.ENGLISH,
        preferred_channels=["sms", "digital_post"],
    )

    citizen.refresh_from_db()
    assert citizen.birth_date == dt.date(1985, 3, 12)
    assert citizen.cpr == parse_cpr("1203851234")
    assert citizen.cpr_hash == cpr_lookup_hash(parse_cpr("1203851234"))
    assert citizen.first_name == "Anne"
    assert citizen.preferred_language == "en"
    assert citizen.preferred_channels == ["sms", "digital_post"]
    assert not citizen.is_digital_post_exempt(dt.date(2026, 1, 1))


def test_create_allows_a_citizen_without_fixed_address():
    citizen = _create(street="", postcode="", city="")

    assert citizen.pk is not None


@pytest.mark.parametrize(
    ("cpr", "code"),
    [("12345", InvalidCPR.LENGTH), ("310299-1234", InvalidCPR.DATE), ("", InvalidCPR.MISSING)],
)
def test_create_rejects_an_invalid_cpr_number(cpr, code):
    with pytest.raises(InvalidCPR) as excinfo:
        _create(cpr=cpr)

    assert excinfo.value.code == code
    assert not Citizen.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_create_rejects_a_cpr_number_born_in_the_future():
    with pytest.raises(InvalidCPR) as excinfo:
        _create(cpr="050526-4001")

    assert excinfo.value.code == InvalidCPR.FUTURE


def test_create_refuses_the_same_cpr_number_twice_however_it_is_written():
    _create(cpr="120385-1234")

    with pytest.raises(CitizenAlreadyExists) as excinfo:
        _create(cpr=" 1203851234")

    assert excinfo.value.messages == ["Der findes allerede en borger med dette CPR-nummer"]
    assert Citizen.objects.count() == 1


def test_already_exists_error_survives_pickling():
    restored = pickle.loads(pickle.dumps(CitizenAlreadyExists()))  # noqa: S301

    assert isinstance(restored, CitizenAlreadyExists)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"postcode": "80000"}, "postcode"),
        ({"postcode": "8OOO"}, "postcode"),
        ({"municipality_code": "7510"}, "municipality_code"),
        ({"first_name": "  "}, "first_name"),
        ({"preferred_language": "de"}, "preferred_language"),
        ({"preferred_channels": ["pigeon"]}, "preferred_channels"),
        ({"preferred_channels": ["sms", "sms"]}, "preferred_channels"),
    ],
)
def test_create_reports_bad_input_on_the_field_concerned(overrides, field):
    with pytest.raises(ValidationError) as excinfo:
        _create(**overrides)

    assert field in excinfo.value.message_dict
    assert not Citizen.objects.exists()


def test_unknown_channel_message_names_the_channel():
    with pytest.raises(ValidationError) as excinfo:
        _create(preferred_channels=["pigeon"])

    assert excinfo.value.message_dict["preferred_channels"] == ["Ukendt kanal: pigeon"]


def _data(cpr, **overrides):
    return CitizenData(cpr=cpr, first_name="Lars", last_name="Holm", **ADDRESS, **overrides)


def test_bulk_create_creates_all():
    created = citizen_bulk_create(citizens=[_data("120385-1234"), _data("240790-1235")])

    assert len(created) == 2
    assert Citizen.objects.count() == 2


@pytest.mark.parametrize(
    "citizens",
    [
        [_data("120385-1234"), _data("1203851234")],
        [_data("120385-1234"), _data("310299-1234")],
        [_data("120385-1234"), _data("240790-1235", email="nope")],
    ],
)
def test_bulk_create_is_all_or_nothing(citizens):
    with pytest.raises(ValidationError):
        citizen_bulk_create(citizens=citizens)

    assert not Citizen.objects.exists()


def test_bulk_create_refuses_a_cpr_number_already_registered():
    CitizenFactory(cpr="240790-1235")

    with pytest.raises(CitizenAlreadyExists):
        citizen_bulk_create(citizens=[_data("120385-1234"), _data("240790-1235")])

    assert Citizen.objects.count() == 1


@time_machine.travel(NOW, tick=False)
def test_bulk_create_checks_the_exemption():
    with pytest.raises(ValidationError) as excinfo:
        citizen_bulk_create(citizens=[_data("120385-1234", digital_post_exempt_reason="emigrated")])

    assert "digital_post_exempt_until" in excinfo.value.message_dict


@time_machine.travel(NOW, tick=False)
def test_set_exemption():
    citizen = CitizenFactory()

    returned = citizen_set_digital_post_exemption(
        citizen=citizen,
        reason=DigitalPostExemptionReason.NO_BROADBAND,
        until=dt.date(2028, 5, 31),
    )

    citizen.refresh_from_db()
    assert citizen.is_digital_post_exempt(dt.date(2026, 5, 4))
    assert citizen.digital_post_exempt_reason == "no_broadband"
    assert returned.digital_post_exempt_until == dt.date(2028, 5, 31)


@time_machine.travel(NOW, tick=False)
def test_set_exemption_updates_the_callers_instance():
    citizen = CitizenFactory()

    citizen_set_digital_post_exemption(
        citizen=citizen, reason="impairment", until=dt.date(2026, 5, 4)
    )

    assert citizen.is_digital_post_exempt(dt.date(2026, 5, 4))


@time_machine.travel(NOW, tick=False)
def test_setting_the_same_exemption_again_changes_nothing():
    citizen = CitizenFactory()
    citizen_set_digital_post_exemption(
        citizen=citizen, reason="impairment", until=dt.date(2027, 1, 1)
    )
    first_update = Citizen.objects.get(pk=citizen.pk).updated_at

    with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):
        citizen_set_digital_post_exemption(
            citizen=citizen, reason="impairment", until=dt.date(2027, 1, 1)
        )

    assert Citizen.objects.get(pk=citizen.pk).updated_at == first_update


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("reason", "until", "field"),
    [
        ("", dt.date(2027, 1, 1), "digital_post_exempt_reason"),
        ("bored", dt.date(2027, 1, 1), "digital_post_exempt_reason"),
        ("impairment", dt.date(2026, 5, 3), "digital_post_exempt_until"),
    ],
)
def test_set_exemption_rejects_bad_input(reason, until, field):
    citizen = CitizenFactory()

    with pytest.raises(ValidationError) as excinfo:
        citizen_set_digital_post_exemption(citizen=citizen, reason=reason, until=until)

    assert field in excinfo.value.message_dict
    citizen.refresh_from_db()
    assert citizen.digital_post_exempt_reason == ""


def test_clear_exemption():
    citizen = CitizenFactory(exempt=True)

    citizen_clear_digital_post_exemption(citizen=citizen)

    citizen.refresh_from_db()
    assert citizen.digital_post_exempt_reason == ""
    assert citizen.digital_post_exempt_until is None


def test_clearing_a_citizen_who_is_not_exempt_is_harmless():
    citizen = CitizenFactory()

    citizen_clear_digital_post_exemption(citizen=citizen)

    assert not citizen.is_digital_post_exempt(dt.date(2026, 1, 1))


def test_citizen_data_repr_hides_the_cpr_number():
    assert "1234" not in repr(_data("120385-1234"))


def test_error_reports_from_create_do_not_show_the_number(settings):
    try:
        _create(cpr="120385-1234", email="broken")
    except ValidationError:
        frames = ExceptionReporter(None, *sys.exc_info()).get_traceback_frames()
    reported = {frame["function"]: repr(frame["vars"]) for frame in frames}

    assert "citizen_create" in reported
    # Only the test's own helper, which is not production code, may show it.
    leaking = [f for f, variables in reported.items() if "1234" in variables]
    assert leaking in ([], ["_create"])
