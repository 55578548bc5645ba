"""Checking a citizen's answers against a service's form: types, constraints, show_if."""

import datetime as dt
from decimal import Decimal
from functools import cache
from typing import Any

import pytest
from django.conf import settings
from django.http import QueryDict
from django.utils import translation
from django.utils.functional import Promise

from borgerrejse.catalog import answers as messages
from borgerrejse.catalog.answers import (
    UNKNOWN_ANSWER,
    StepResult,
    UnknownStep,
    clean_answers,
    input_value,
    merge_step,
    validate_all,
    validate_step,
    visible_fields,
    without_hidden_answers,
)
from borgerrejse.catalog.documents import read_definition
from borgerrejse.catalog.schema import Form, FormField, FormStep, ServiceDefinition
from borgerrejse.rules import answers as engine_answers
from borgerrejse.rules.definitions import LocalText
from borgerrejse.rules.engine import CompiledRuleSet

TODAY = dt.date(2025, 3, 1)


@cache
def service(slug: str) -> ServiceDefinition:
    return read_definition(settings.SERVICES_DIR / f"{slug}.yaml")


def field(type: str, **extra: Any) -> FormField:
    """A field named `answer` whose label is a question, in both languages."""
    return FormField.model_validate(
        {"name": "answer", "type": type, "label": {"da": "Hvad?", "en": "What?"}} | extra
    )


def one_field_form(form_field: FormField) -> ServiceDefinition:
    """A real service with its form replaced by one step holding one field."""
    step = FormStep(id="step", title=LocalText(da="Trin", en="Step"), fields=(form_field,))
    form = Form(steps=(step,))
    return service("sundhedskort").model_copy(update={"form": form})


def check(form_field: FormField, raw: Any, today: dt.date = TODAY) -> StepResult:
    return validate_step(
        definition=one_field_form(form_field),
        step_id="step",
        data={} if raw is _ABSENT else {"answer": raw},
        answers_so_far={},
        today=today,
    )


def cleaned(form_field: FormField, raw: Any) -> Any:
    result = check(form_field, raw)
    assert result.errors == {}
    return result.cleaned.get("answer")


def error(form_field: FormField, raw: Any, today: dt.date = TODAY) -> str:
    result = check(form_field, raw, today)
    assert result.cleaned == {}
    return str(result.errors["answer"])


def texts(errors: dict[str, Any]) -> dict[str, str]:
    return {name: str(message) for name, message in errors.items()}


_ABSENT = object()
FORMAT = {
    "date": "Skriv datoen som dd-mm-åååå, fx 05-03-2025",
    "money": "Skriv beløbet i kroner, fx 12.950 eller 12.950,50",
    "integer": "Skriv et helt tal, fx 3",
    "boolean": "Svar ja eller nej",
    "choice": "Vælg et af svarene på listen",
    "email": "Skriv en e-mailadresse, fx navn@eksempel.dk",
    "phone": "Skriv et dansk telefonnummer med 8 cifre, fx 12 34 56 78",
    "text": "Skriv svaret som tekst",
}
OPTIONS = {"options": {"yes_please": {"da": "Ja tak", "en": "Yes please"}}}


# Dates


@pytest.mark.parametrize(
    "raw",
    [
        *("05-03-2025", "5-3-2025", "05.03.2025", "5.3.2025", "2025-03-05", " 05-03-2025 "),
        dt.date(2025, 3, 5),
    ],
)
def test_a_date_is_read_in_danish_and_iso_form_and_stored_as_iso(raw):
    assert cleaned(field("date"), raw) == "2025-03-05"


@pytest.mark.parametrize(
    "raw",
    [
        *("05/03/2025", "2025.03.05", "5. marts 2025", "05-03-25", "05-03.2025", "20250305"),
        *("2025-3-5", "i går", 20250305, dt.datetime(2025, 3, 5, tzinfo=dt.UTC)),
    ],
)
def test_a_date_in_another_form_gets_the_format_message(raw):
    assert error(field("date"), raw) == FORMAT["date"]


@pytest.mark.parametrize("raw", ["31-02-2025", "29.02.2023", "2025-02-30", "00-01-2025"])
def test_a_date_that_does_not_exist_is_named_as_such(raw):
    assert error(field("date"), raw) == "Datoen findes ikke. Tjek dag og måned."


def test_a_leap_day_exists_in_a_leap_year():
    assert cleaned(field("date"), "29-02-2024") == "2024-02-29"


def test_not_in_future_allows_today_and_names_today_as_the_limit():
    not_in_future = field("date", validation={"not_in_future": True})

    assert cleaned(not_in_future, "01-03-2025") == "2025-03-01"
    assert cleaned(not_in_future, "28-02-2025") == "2025-02-28"
    assert (
        error(not_in_future, "02-03-2025") == "Datoen kan ikke være senere end i dag, 1. marts 2025"
    )


def test_not_in_past_allows_today_and_names_today_as_the_limit():
    not_in_past = field("date", validation={"not_in_past": True})

    assert cleaned(not_in_past, "01-03-2025") == "2025-03-01"
    assert cleaned(not_in_past, "02-03-2025") == "2025-03-02"
    assert error(not_in_past, "28-02-2025") == "Datoen kan ikke være før i dag, 1. marts 2025"


# Money


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("12.950,50", "12950.50"),
        ("12950", "12950.00"),
        ("12950,5", "12950.50"),
        ("12.950", "12950.00"),
        ("12950.50", "12950.50"),
        ("1.234.567", "1234567.00"),
        ("12 950 kr.", "12950.00"),
        ("12.950 kr", "12950.00"),
        ("0", "0.00"),
        (12950, "12950.00"),
        (12950.5, "12950.50"),
        (Decimal("12.5"), "12.50"),
    ],
)
def test_money_is_read_as_danes_write_it_and_stored_as_kroner_with_ore(raw, stored):
    assert cleaned(field("money"), raw) == stored


@pytest.mark.parametrize(
    "raw", ["tolv", "12,950", "1,234", "12.95.0", "12.950,505", "12950.505", True, ["12"]]
)
def test_money_that_cannot_be_read_gets_the_format_message(raw):
    assert error(field("money"), raw) == FORMAT["money"]


def test_money_limits_are_named_in_kroner():
    limited = field("money", validation={"min": 0, "max": 100000})

    assert cleaned(limited, "0") == "0.00"
    assert cleaned(limited, "100.000") == "100000.00"
    assert error(limited, "-1") == "Beløbet skal være mindst 0 kr."
    assert error(limited, "100.000,01") == "Beløbet kan højst være 100.000 kr."


def test_a_money_limit_with_ore_is_named_with_ore():
    assert (
        error(field("money", validation={"min": 12.5}), "12,49")
        == "Beløbet skal være mindst 12,50 kr."
    )


def test_the_stored_amount_is_what_the_engine_reads():
    definition = service("begravelseshjaelp")
    answers = {
        "deceased_birth_date": "1950-01-01",
        "date_of_death": "2025-01-10",
        "has_spouse_or_children_under_18": "nej",
        "estate_wealth_dkk": "21.700",
        "funeral_expenses_dkk": "15.000,50",
    }
    result = clean_answers(definition=definition, answers=answers, today=TODAY)
    evaluation = CompiledRuleSet(definition.rule_set()).evaluate(result.cleaned, on=TODAY)

    assert result.errors == {}
    assert result.cleaned["funeral_expenses_dkk"] == "15000.50"
    assert evaluation.invalid == ()
    assert evaluation.missing == ()
    assert evaluation.amount_ore == 12950_00


# Integers


@pytest.mark.parametrize(("raw", "stored"), [("3", 3), (" 3 ", 3), (3, 3), ("-2", -2)])
def test_an_integer_is_stored_as_a_number(raw, stored):
    assert cleaned(field("integer"), raw) == stored


@pytest.mark.parametrize("raw", ["3,5", "3.0", "tre", "3 stk", True, 3.5])
def test_something_else_than_a_whole_number_gets_the_format_message(raw):
    assert error(field("integer"), raw) == FORMAT["integer"]


def test_integer_limits_are_named():
    limited = field("integer", validation={"min": 1, "max": 10000})

    assert cleaned(limited, "1") == 1
    assert cleaned(limited, "10000") == 10000
    assert error(limited, "0") == "Tallet skal være mindst 1"
    assert error(limited, "10001") == "Tallet kan højst være 10.000"


# Booleans and choices


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        *(("ja", True), ("Ja", True), ("nej", False), ("NEJ", False), ("true", True)),
        *(("false", False), ("on", True), ("1", True), ("0", False), (True, True)),
        *((False, False), ("yes", True), ("no", False)),
    ],
)
def test_a_boolean_is_read_from_words_and_checkbox_values(raw, stored):
    assert cleaned(field("boolean"), raw) is stored


@pytest.mark.parametrize("raw", ["måske", "jo", 1, "off"])
def test_something_else_than_yes_or_no_gets_the_boolean_message(raw):
    assert error(field("boolean"), raw) == FORMAT["boolean"]


def test_a_choice_must_be_one_of_the_options():
    choice = field("choice", **OPTIONS)

    assert cleaned(choice, "yes_please") == "yes_please"
    assert cleaned(choice, " yes_please ") == "yes_please"
    assert error(choice, "Ja tak") == FORMAT["choice"]
    assert error(choice, "no_thanks") == FORMAT["choice"]
    assert error(choice, 1) == FORMAT["choice"]


# E-mail and phone


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("navn@eksempel.dk", "navn@eksempel.dk"),
        (" Soren@Eksempel.dk ", "Soren@Eksempel.dk"),
        ("navn@blåbær.dk", "navn@blåbær.dk"),
    ],
)
def test_an_email_address_is_stored_as_typed_without_spaces(raw, stored):
    assert cleaned(field("email"), raw) == stored


@pytest.mark.parametrize("raw", ["navn@", "navn eksempel.dk", "@eksempel.dk", "navn@eksempel"])
def test_an_email_address_must_look_like_one(raw):
    assert error(field("email"), raw) == FORMAT["email"]


@pytest.mark.parametrize(
    "raw",
    [
        *("12345678", "12 34 56 78", "+45 12 34 56 78", "+4512345678", "0045 12345678"),
        *("12-34-56-78", "(+45) 1234 5678"),
    ],
)
def test_a_danish_phone_number_is_stored_with_the_country_code(raw):
    assert cleaned(field("phone"), raw) == "+4512345678"


@pytest.mark.parametrize(
    "raw", ["1234567", "123456789", "+46 12345678", "tlf 12345678", "１２３４５６７８"]
)
def test_a_phone_number_must_have_8_digits(raw):
    assert error(field("phone"), raw) == FORMAT["phone"]


# Text and its constraints


def test_text_is_stored_without_surrounding_spaces():
    assert cleaned(field("text"), "  Vestergade 1, 2. th.  ") == "Vestergade 1, 2. th."


def test_text_that_is_too_long_names_the_limit_and_the_length():
    short = field("text", validation={"max_length": 200})

    assert cleaned(short, "x" * 200) == "x" * 200
    assert error(short, "x" * 201) == "Skriv højst 200 tegn. Du har skrevet 201."


def test_a_textarea_line_break_counts_as_one_character():
    short = field("textarea", validation={"max_length": 5})

    assert cleaned(short, "ab\r\ncd") == "ab\ncd"


def test_text_without_a_limit_is_held_to_the_engines_limit():
    assert error(field("textarea"), "x" * 10_001) == (
        "Skriv højst 10000 tegn. Du har skrevet 10001."
    )


def test_text_that_is_too_short_names_the_limit():
    assert error(field("text", validation={"min_length": 3}), "ab") == "Skriv mindst 3 tegn"


def test_a_pattern_must_match_the_whole_answer():
    postcode = field("text", validation={"pattern": r"\d{4}"})

    assert cleaned(postcode, "8000") == "8000"
    assert error(postcode, "8000 Aarhus") == (
        "Svaret har ikke den form, vi venter. Tjek det, du har skrevet."
    )


def test_length_and_pattern_apply_to_email_and_phone_too():
    assert error(field("email", validation={"max_length": 10}), "navn@eksempel.dk") == (
        "Skriv højst 10 tegn. Du har skrevet 16."
    )


@pytest.mark.parametrize("raw", [12, ["a"], {"a": 1}])
def test_text_must_be_text(raw):
    assert error(field("text"), raw) == FORMAT["text"]


# Required answers and "Ved ikke"


@pytest.mark.parametrize(
    ("type", "extra", "message"),
    [
        ("text", {}, "Du skal svare på »Hvad?«"),
        ("date", {}, "Du skal svare på »Hvad?«"),
        ("money", {}, "Du skal svare på »Hvad?«"),
        ("choice", OPTIONS, "Vælg et svar på »Hvad?«"),
        ("boolean", {}, "Svar ja eller nej på »Hvad?«"),
    ],
)
@pytest.mark.parametrize("raw", [_ABSENT, None, "", "   "])
def test_a_required_field_left_empty_gets_a_message_naming_it(type, extra, message, raw):
    assert error(field(type, **extra), raw) == message


@pytest.mark.parametrize("raw", [_ABSENT, None, "", "   "])
def test_an_optional_field_may_be_left_empty(raw):
    result = check(field("textarea", required=False), raw)

    assert result.errors == {}
    assert result.cleaned == {}


@pytest.mark.parametrize("raw", ["unknown", "ved_ikke", "ved ikke", "Ved ikke", "don't know"])
@pytest.mark.parametrize("type", ["money", "date", "boolean", "text"])
def test_ved_ikke_is_stored_as_unknown_where_the_field_allows_it(type, raw):
    assert cleaned(field(type, allow_unknown=True), raw) == UNKNOWN_ANSWER


@pytest.mark.parametrize("raw", ["unknown", "Ved ikke"])
@pytest.mark.parametrize("required", [True, False])
def test_ved_ikke_is_refused_where_the_field_does_not_allow_it(raw, required):
    assert (
        error(field("money", required=required), raw) == "Du kan ikke svare »ved ikke« på »Hvad?«"
    )


def test_unknown_is_stored_for_the_real_wealth_question():
    definition = service("begravelseshjaelp")
    result = validate_step(
        definition=definition,
        step_id="estate",
        data={"has_spouse_or_children_under_18": "ja", "estate_wealth_dkk": UNKNOWN_ANSWER},
        answers_so_far={"deceased_birth_date": "1950-01-01", "date_of_death": "2025-01-10"},
        today=TODAY,
    )

    assert result.errors == {}
    assert result.cleaned == {
        "has_spouse_or_children_under_18": True,
        "estate_wealth_dkk": UNKNOWN_ANSWER,
    }


# Messages


def test_messages_are_lazy_and_name_the_label_in_the_active_language():
    definition = service("begravelseshjaelp")
    result = validate_step(
        definition=definition, step_id="deceased", data={}, answers_so_far={}, today=TODAY
    )
    message = result.errors["date_of_death"]

    assert isinstance(message, Promise)
    assert str(message) == "Du skal svare på »Hvornår døde afdøde?«"
    with translation.override("en"):
        assert "When did the deceased die?" in str(message)


def test_every_message_is_a_lazy_danish_translation():
    # The module's public upper-case names, except the stored value and what it imports.
    names = {name for name in vars(messages) if name.isupper() and not name.startswith("_")}
    names -= {"UNKNOWN_ANSWER", "TYPE_CHECKING", "FUNCTIONS", *vars(engine_answers)}
    texts = {name: getattr(messages, name) for name in names}

    assert len(texts) > 20
    assert all(isinstance(value, Promise) for value in texts.values())
    assert str(texts["UNKNOWN_FIELD"]) == "Ukendt felt"
    assert str(texts["UNKNOWN_LABEL"]) == "Ved ikke"


def test_messages_in_english():
    with translation.override("en"):
        if str(messages.UNKNOWN_FIELD) == "Ukendt felt":
            pytest.skip("the English translations are not merged into the catalogue yet")
        assert error(field("date"), "5/3/2025") == (
            "Write the date as dd-mm-yyyy, for example 05-03-2025"
        )
        assert error(field("money"), "") == "You must answer “What?”"
        assert error(field("date", validation={"not_in_future": True}), "02-03-2025") == (
            "The date cannot be later than today, 1 March 2025"
        )
        assert error(field("money", validation={"max": 1000}), "1001") == (
            "The amount can be at most DKK 1,000"
        )


# show_if on the real services


@pytest.mark.parametrize(
    ("answers", "shown"),
    [
        ({}, ["reason"]),
        ({"reason": "lost"}, ["reason"]),
        ({"reason": "damaged"}, ["reason", "card_issued_on"]),
        ({"reason": "name_change_marriage"}, ["reason", "marriage_date"]),
        ({"reason": "damaged", "marriage_date": "2025-01-01"}, ["reason", "card_issued_on"]),
        ({"reason": "no_such_reason"}, ["reason"]),
    ],
)
def test_the_health_card_asks_for_the_card_date_only_when_it_is_damaged(answers, shown):
    fields = visible_fields(service("sundhedskort"), answers)

    assert [field.name for field in fields] == shown


ADULT = {"deceased_birth_date": "1950-06-01", "date_of_death": "2025-01-10"}
CHILD = {"deceased_birth_date": "2015-06-01", "date_of_death": "2025-01-10"}
ESTATE = ["has_spouse_or_children_under_18", "estate_wealth_dkk"]


@pytest.mark.parametrize(
    ("answers", "shown"),
    [
        (ADULT, ESTATE),
        (CHILD, []),
        # Turned 18 on the day of death: an adult.
        ({"deceased_birth_date": "2007-01-10", "date_of_death": "2025-01-10"}, ESTATE),
        ({"deceased_birth_date": "2007-01-11", "date_of_death": "2025-01-10"}, []),
        # The condition reads both dates; without one it cannot be evaluated.
        ({"deceased_birth_date": "1950-06-01"}, []),
        ({"deceased_birth_date": "1950-06-01", "date_of_death": "unknown"}, []),
        ({"deceased_birth_date": "not a date", "date_of_death": "2025-01-10"}, []),
        # Answers as typed read the same as stored ones.
        ({"deceased_birth_date": "01-06-1950", "date_of_death": "10.01.2025"}, ESTATE),
    ],
)
def test_funeral_assistance_asks_about_wealth_only_for_an_adult(answers, shown):
    fields = visible_fields(service("begravelseshjaelp"), answers, step="estate")

    assert [field.name for field in fields] == shown


def test_a_field_shown_by_an_answer_on_the_same_step_is_checked_at_once():
    result = validate_step(
        definition=service("sundhedskort"),
        step_id="reason",
        data={"reason": "damaged"},
        answers_so_far={},
        today=TODAY,
    )

    assert result.visible == ("reason", "card_issued_on")
    assert result.cleaned == {"reason": "damaged"}
    assert texts(result.errors) == {"card_issued_on": "Du skal svare på »Hvornår fik du kortet?«"}


def test_a_hidden_field_is_left_out_of_cleaned_but_kept_in_raw():
    data = QueryDict("reason=lost&card_issued_on=05-03-2020&csrfmiddlewaretoken=x")
    result = validate_step(
        definition=service("sundhedskort"),
        step_id="reason",
        data=data,
        answers_so_far={},
        today=TODAY,
    )

    assert result.is_valid
    assert result.visible == ("reason",)
    assert result.cleaned == {"reason": "lost"}
    assert result.raw == {"reason": "lost", "card_issued_on": "05-03-2020"}


def test_raw_keeps_what_was_typed_when_there_are_errors():
    data = QueryDict("reason=damaged&card_issued_on=31-02-2020")
    result = validate_step(
        definition=service("sundhedskort"),
        step_id="reason",
        data=data,
        answers_so_far={},
        today=TODAY,
    )

    assert not result.is_valid
    assert result.raw == {"reason": "damaged", "card_issued_on": "31-02-2020"}


def test_a_later_step_sees_the_earlier_answers():
    definition = service("begravelseshjaelp")

    def estate(answers_so_far: dict[str, Any]) -> StepResult:
        return validate_step(
            definition=definition,
            step_id="estate",
            data={"has_spouse_or_children_under_18": "nej", "estate_wealth_dkk": "5.000"},
            answers_so_far=answers_so_far,
            today=TODAY,
        )

    assert estate(ADULT).cleaned == {
        "has_spouse_or_children_under_18": False,
        "estate_wealth_dkk": "5000.00",
    }
    assert estate(CHILD).cleaned == {}
    assert estate(CHILD).visible == ()


def test_a_condition_on_the_same_step_reads_the_answer_as_typed():
    definition = service("hjaelpemiddel-genanskaffelse")
    step = definition.form.steps[0]
    data = {
        "aid_description": "Rollator",
        "replacement_reason": "broken",
        "reason_details": "Hjulet faldt af.",
        "need_unchanged_declaration": "ja",
    }
    result = validate_step(
        definition=definition, step_id=step.id, data=data, answers_so_far={}, today=TODAY
    )

    assert "reason_details" in result.visible
    assert result.cleaned.get("reason_details") == "Hjulet faldt af."


def test_an_unknown_step_is_refused():
    with pytest.raises(UnknownStep):
        validate_step(
            definition=service("sundhedskort"),
            step_id="nope",
            data={},
            answers_so_far={},
            today=TODAY,
        )


# Merging a step into the stored answers


def test_changing_an_answer_removes_the_answers_it_hid():
    definition = service("sundhedskort")
    stored = {"reason": "damaged", "card_issued_on": "2020-03-05"}
    result = validate_step(
        definition=definition,
        step_id="reason",
        data={"reason": "lost", "card_issued_on": "05-03-2020"},
        answers_so_far=stored,
        today=TODAY,
    )

    assert merge_step(stored, result, definition) == {"reason": "lost"}


def test_an_earlier_step_can_hide_answers_on_later_steps():
    definition = service("begravelseshjaelp")
    stored = ADULT | {
        "has_spouse_or_children_under_18": True,
        "estate_wealth_dkk": "5000.00",
        "funeral_expenses_dkk": "20000.00",
    }
    result = validate_step(
        definition=definition,
        step_id="deceased",
        data={"deceased_birth_date": "01-06-2015", "date_of_death": "10-01-2025"},
        answers_so_far=stored,
        today=TODAY,
    )

    assert merge_step(stored, result, definition) == CHILD | {"funeral_expenses_dkk": "20000.00"}


def test_a_field_with_an_error_keeps_its_stored_answer():
    definition = service("begravelseshjaelp")
    stored = ADULT | {"funeral_expenses_dkk": "20000.00"}
    result = validate_step(
        definition=definition,
        step_id="deceased",
        data={"deceased_birth_date": "01-06-1950", "date_of_death": "32-01-2025"},
        answers_so_far=stored,
        today=TODAY,
    )

    assert merge_step(stored, result, definition) == stored


def test_an_optional_answer_taken_back_is_removed():
    definition = service("flytning")
    step = definition.form.steps[1]
    stored = {"others_moving": "Min søn Ole"}
    result = validate_step(
        definition=definition,
        step_id=step.id,
        data={"others_moving": ""},
        answers_so_far=stored,
        today=TODAY,
    )

    assert merge_step(stored, result, definition) == {}


def test_answers_that_are_not_form_fields_are_left_to_the_caller():
    assert without_hidden_answers(service("sundhedskort"), {"reason": "lost", "note": "x"}) == {
        "reason": "lost",
        "note": "x",
    }


# Whole applications, as the API receives them


def test_a_complete_application_has_no_errors():
    answers = ADULT | {
        "has_spouse_or_children_under_18": False,
        "estate_wealth_dkk": 5000,
        "funeral_expenses_dkk": "20000",
    }

    assert validate_all(definition=service("begravelseshjaelp"), answers=answers, today=TODAY) == {}


def test_unknown_keys_are_errors():
    errors = validate_all(
        definition=service("sundhedskort"),
        answers={"reason": "lost", "reasons": "lost", "fee": 0},
        today=TODAY,
    )

    assert texts(errors) == {"reasons": "Ukendt felt", "fee": "Ukendt felt"}


def test_every_visible_field_is_checked_at_once():
    answers = {"deceased_birth_date": "1950-06-01", "date_of_death": "2030-01-01"}

    errors = validate_all(definition=service("begravelseshjaelp"), answers=answers, today=TODAY)

    assert texts(errors) == {
        "date_of_death": "Datoen kan ikke være senere end i dag, 1. marts 2025",
        "funeral_expenses_dkk": "Du skal svare på »Hvad kostede begravelsen i alt?«",
    }


def test_an_answer_to_a_question_that_is_not_asked_is_an_error():
    errors = validate_all(
        definition=service("sundhedskort"),
        answers={"reason": "lost", "card_issued_on": "2020-03-05"},
        today=TODAY,
    )

    assert texts(errors) == {
        "card_issued_on": "Spørgsmålet bliver ikke stillet ud fra dine andre svar. Fjern svaret."
    }


def test_an_empty_answer_to_a_question_that_is_not_asked_is_fine():
    result = clean_answers(
        definition=service("sundhedskort"),
        answers={"reason": "lost", "card_issued_on": None, "marriage_date": ""},
        today=TODAY,
    )

    assert result.errors == {}
    assert result.cleaned == {"reason": "lost"}


def test_only_the_first_error_is_reported_when_a_condition_cannot_be_evaluated():
    errors = validate_all(
        definition=service("sundhedskort"),
        answers={"reason": "broken", "card_issued_on": "2020-03-05"},
        today=TODAY,
    )

    assert texts(errors) == {"reason": "Vælg et af svarene på listen"}


def test_clean_answers_keeps_the_raw_answers():
    answers = {"reason": "damaged", "card_issued_on": "05-03-2020"}

    result = clean_answers(definition=service("sundhedskort"), answers=answers, today=TODAY)

    assert result.cleaned == {"reason": "damaged", "card_issued_on": "2020-03-05"}
    assert result.raw == answers


# Filling a form in again


@pytest.mark.parametrize(
    ("type", "stored", "language", "shown"),
    [
        ("date", "2025-03-05", "da", "05-03-2025"),
        ("money", "12950.50", "da", "12.950,50"),
        ("money", "12950.00", "da", "12.950"),
        ("money", "12950.50", "en", "12950.50"),
        ("boolean", True, "da", "true"),
        ("boolean", False, "da", "false"),
        ("integer", 3, "da", "3"),
        ("phone", "+4512345678", "da", "+4512345678"),
    ],
)
def test_a_stored_answer_is_shown_as_typed_and_reads_back_the_same(type, stored, language, shown):
    assert input_value(field(type), stored, language) == shown
    assert cleaned(field(type), shown) == stored


def test_an_unknown_answer_is_shown_as_the_ved_ikke_option():
    money = field("money", allow_unknown=True)

    assert input_value(money, UNKNOWN_ANSWER) == UNKNOWN_ANSWER
    assert input_value(money, None) == ""


def test_a_stored_answer_that_cannot_be_read_is_shown_as_it_is():
    assert input_value(field("date"), "5. marts") == "5. marts"
    assert input_value(field("money"), "mange") == "mange"
