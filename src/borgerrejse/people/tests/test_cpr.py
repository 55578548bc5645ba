import datetime as dt
import pickle
import sys

import pytest
from django.core.exceptions import ValidationError
from django.views.debug import ExceptionReporter
from hypothesis import given
from hypothesis import strategies as st

from borgerrejse.people.cpr import (
    CPR,
    InvalidCPR,
    LegalGender,
    cpr_birth_date,
    cpr_legal_gender,
    cpr_passes_modulus11,
    parse_cpr,
)

# Far enough ahead that every century in the CPR office's table lies in the past.
FAR_FUTURE = dt.date(2100, 1, 1)


@pytest.mark.parametrize(
    "text",
    [
        "120385-1234",
        "1203851234",
        " 120385 1234 ",
        "120385\u20131234",  # en dash, as pasted from a word processor
        "12 03 85 - 12 34",
    ],
)
def test_accepts_the_usual_ways_of_writing_a_cpr_number(text):
    cpr = parse_cpr(text)

    assert cpr.value == "1203851234"
    assert cpr.birth_date == dt.date(1985, 3, 12)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", InvalidCPR.MISSING),
        ("  -  ", InvalidCPR.MISSING),
        ("120385-123", InvalidCPR.LENGTH),
        ("12038512345", InvalidCPR.LENGTH),
        ("1203", InvalidCPR.LENGTH),
        ("12038A-1234", InvalidCPR.CHARACTERS),
        ("abcdefghij", InvalidCPR.CHARACTERS),
        ("120385/1234", InvalidCPR.CHARACTERS),
        ("١٢٠٣٨٥١٢٣٤", InvalidCPR.CHARACTERS),  # Arabic-Indic digits are not CPR digits
        ("310299-1234", InvalidCPR.DATE),  # 31 February
        ("290299-1234", InvalidCPR.DATE),  # 1999 is no leap year
        ("290200-1234", InvalidCPR.DATE),  # 7th digit 1 puts it in 1900: no leap year
        ("000185-1234", InvalidCPR.DATE),
        ("121385-1234", InvalidCPR.DATE),
        ("320185-1234", InvalidCPR.DATE),
    ],
)
def test_rejects_invalid_numbers_with_a_specific_reason(text, code):
    with pytest.raises(InvalidCPR) as excinfo:
        parse_cpr(text, today=FAR_FUTURE)

    assert excinfo.value.code == code


def test_error_messages_are_danish_and_specific():
    with pytest.raises(InvalidCPR) as length:
        parse_cpr("12345")
    with pytest.raises(InvalidCPR) as date:
        parse_cpr("310299-1234")

    assert length.value.messages == ["CPR-nummeret skal have 10 cifre"]
    assert date.value.messages == ["CPR-nummeret indeholder ikke en gyldig dato"]


def test_invalid_cpr_is_a_validation_error_that_does_not_echo_the_number():
    with pytest.raises(ValidationError) as excinfo:
        parse_cpr("310299-4567")

    assert "4567" not in str(excinfo.value)
    assert "310299" not in repr(excinfo.value)


def test_invalid_cpr_survives_pickling():
    with pytest.raises(InvalidCPR) as excinfo:
        parse_cpr("1")

    restored = pickle.loads(pickle.dumps(excinfo.value))  # noqa: S301 -- our own object

    assert isinstance(restored, InvalidCPR)
    assert restored.code == InvalidCPR.LENGTH


def test_accepts_29_february_in_a_leap_year_of_the_2000s():
    assert parse_cpr("290200-4234").birth_date == dt.date(2000, 2, 29)


@pytest.mark.parametrize(
    ("text", "year"),
    [
        # 7th digit 0-3: always the 1900s.
        ("150600-0001", 1900),
        ("150636-1001", 1936),
        ("150637-2001", 1937),
        ("150699-3001", 1999),
        # 4 and 9: 2000s up to and including YY 36, then 1900s.
        ("150600-4001", 2000),
        ("150636-4001", 2036),
        ("150637-4001", 1937),
        ("150699-4001", 1999),
        ("150636-9001", 2036),
        ("150637-9001", 1937),
        # 5-8: 2000s up to and including YY 57, then 1800s.
        ("150600-5001", 2000),
        ("150657-5001", 2057),
        ("150658-5001", 1858),
        ("150657-8001", 2057),
        ("150658-8001", 1858),
        ("150699-6001", 1899),
        ("150620-7001", 2020),
    ],
)
def test_century_follows_the_cpr_office_table(text, year):
    assert parse_cpr(text, today=FAR_FUTURE).birth_date == dt.date(year, 6, 15)


def test_rejects_a_birth_date_in_the_future():
    with pytest.raises(InvalidCPR) as excinfo:
        parse_cpr("150636-4001", today=dt.date(2026, 1, 1))

    assert excinfo.value.code == InvalidCPR.FUTURE


def test_a_birth_today_is_not_in_the_future():
    assert parse_cpr("010126-4001", today=dt.date(2026, 1, 1)).birth_date == dt.date(2026, 1, 1)


@pytest.mark.parametrize(
    ("text", "gender"),
    [
        ("120385-1234", LegalGender.FEMALE),
        ("120385-1230", LegalGender.FEMALE),
        ("240790-1235", LegalGender.MALE),
        ("240790-1239", LegalGender.MALE),
    ],
)
def test_legal_gender_follows_the_last_digit(text, gender):
    assert cpr_legal_gender(text) is gender
    assert parse_cpr(text).legal_gender is gender


def test_birth_date_function_accepts_text_or_cpr():
    assert cpr_birth_date("120385-1234") == cpr_birth_date(parse_cpr("1203851234"))


def test_modulus11_is_informative_not_required():
    assert cpr_passes_modulus11("070761-4285")
    assert not cpr_passes_modulus11("120385-1234")
    assert parse_cpr("120385-1234").passes_modulus11 is False  # still a valid CPR number


@pytest.mark.parametrize("render", [str, repr, "{}".format, "{!r}".format])
def test_never_shows_the_serial_digits(render):
    shown = render(parse_cpr("120385-1234"))

    assert "1234" not in shown
    assert "120385-XXXX" in shown


def test_formatted_and_value_give_the_full_number_on_purpose():
    cpr = parse_cpr("1203851234")

    assert cpr.formatted == "120385-1234"
    assert cpr.value == "1203851234"


def test_constructing_a_cpr_directly_validates_it():
    with pytest.raises(InvalidCPR):
        CPR("3102991234")


@given(birth_date=st.dates(min_value=dt.date(1858, 1, 1), max_value=dt.date(2057, 12, 31)))
def test_every_date_from_1858_to_2057_can_be_written_as_a_cpr_number(birth_date):
    found = set()
    for seventh in range(10):
        try:
            found.add(parse_cpr(f"{birth_date:%d%m%y}-{seventh}000", today=FAR_FUTURE).birth_date)
        except InvalidCPR as exc:
            assert exc.code == InvalidCPR.DATE  # 29 February in a century without it

    assert birth_date in found
    assert {d.strftime("%d%m%y") for d in found} == {birth_date.strftime("%d%m%y")}


@given(st.text(max_size=20))
def test_any_text_is_either_a_cpr_or_an_invalid_cpr_error(text):
    try:
        parse_cpr(text, today=FAR_FUTURE)
    except InvalidCPR as exc:
        assert exc.code in {
            InvalidCPR.MISSING,
            InvalidCPR.CHARACTERS,
            InvalidCPR.LENGTH,
            InvalidCPR.DATE,
        }


def _reported_variables():
    frames = ExceptionReporter(None, *sys.exc_info()).get_traceback_frames()
    return {frame["function"]: repr(frame["vars"]) for frame in frames}


def test_error_reports_do_not_show_the_number():
    try:
        parse_cpr("310299-4567")
    except InvalidCPR:
        reported = _reported_variables()

    assert "parse_cpr" in reported
    assert not [function for function, variables in reported.items() if "4567" in variables]
