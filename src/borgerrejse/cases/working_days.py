"""Danish working days: what a processing deadline in working days means."""

from __future__ import annotations

import datetime as dt
from functools import cache

import holidays

# Besides the public holidays, municipal offices close on Constitution Day, Christmas Eve
# and New Year's Eve.
_CLOSED_OPTIONAL_DAYS = {(6, 5), (12, 24), (12, 31)}


@cache
def _closed_days(year: int) -> frozenset[dt.date]:
    public = holidays.Denmark(years=year)
    optional = holidays.Denmark(years=year, categories=("optional",))
    closed = set(public)
    closed |= {day for day in optional if (day.month, day.day) in _CLOSED_OPTIONAL_DAYS}
    return frozenset(closed)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _closed_days(day.year)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start`.

    Zero working days means the same day when `start` is a working day, else the next
    working day: a Saturday application with a same-day promise is answered on Monday.
    """
    day = start
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    remaining = days
    while remaining > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (negative if `end` is earlier)."""
    if end < start:
        return -working_days_between(end, start)
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
