import datetime as dt

import pytest

from borgerrejse.cases.working_days import add_working_days, is_working_day, working_days_between


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        ("2026-03-02", 0, "2026-03-02"),  # Monday, same day
        ("2026-03-07", 0, "2026-03-09"),  # Saturday → Monday
        ("2026-03-06", 1, "2026-03-09"),  # Friday + 1 → Monday
        ("2026-03-02", 5, "2026-03-09"),
        ("2026-04-01", 1, "2026-04-07"),  # Easter: Maundy Thursday to Easter Monday closed
        ("2026-05-13", 1, "2026-05-15"),  # Ascension Day
        ("2026-06-04", 1, "2026-06-08"),  # Constitution Day (Friday 5 June)
        ("2026-12-23", 1, "2026-12-28"),  # Christmas Eve, Christmas, weekend
        ("2026-12-30", 1, "2027-01-04"),  # New Year's Eve and Day, weekend
    ],
)
def test_add_working_days(start, days, due):
    assert add_working_days(dt.date.fromisoformat(start), days) == dt.date.fromisoformat(due)


def test_great_prayer_day_is_a_working_day_since_2024():
    assert not is_working_day(dt.date(2023, 5, 5))
    assert is_working_day(dt.date(2024, 4, 26))


def test_working_days_between_is_the_inverse_of_adding():
    start = dt.date(2026, 3, 27)
    for days in range(0, 30):
        due = add_working_days(start, days)
        assert working_days_between(start, due) == days
        assert working_days_between(due, start) == -days
