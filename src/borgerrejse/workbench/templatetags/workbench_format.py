"""Dates and times in the workbench, in the active language: "2. marts 2026 kl. 10.00"."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from borgerrejse.rules.presentation import date_text
from borgerrejse.workbench.display import staff_status as staff_status_label

register = template.Library()


def _language() -> str:
    return "en" if (get_language() or "da").startswith("en") else "da"


@register.filter
def staff_date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localdate(value)
    return date_text(value, _language())


@register.filter
def staff_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value)
    return _("%(date)s kl. %(time)s") % {
        "date": date_text(local.date(), _language()),
        "time": local.strftime("%H.%M" if _language() == "da" else "%H:%M"),
    }


@register.filter
def iso_date(value: object) -> str:
    """A date as an <input type="date"> needs it (ISO); typed text that is no date as is."""
    if isinstance(value, dt.datetime):
        return timezone.localdate(value).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"):
            try:
                return dt.datetime.strptime(value.strip(), pattern).date().isoformat()  # noqa: DTZ007 - a date, no time
            except ValueError:
                continue
        return value
    return ""


@register.filter
def staff_status(status: str) -> str:
    """`{{ case.status|staff_status }}`: the status as a caseworker reads it."""
    return staff_status_label(status)
