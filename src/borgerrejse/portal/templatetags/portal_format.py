"""Dates and times as the citizen reads them, in the active language.

`{{ case.due_date|long_date }}` gives "23. november 2026" in Danish and "23 November 2026"
in English, as decisions and letters write them.
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from borgerrejse.rules.presentation import date_text

register = template.Library()


def _language() -> str:
    return "en" if (get_language() or "da").startswith("en") else "da"


@register.filter
def long_date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localdate(value)
    return date_text(value, _language())


@register.filter
def long_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value)
    return _("%(date)s kl. %(time)s") % {
        "date": date_text(local.date(), _language()),
        "time": local.strftime("%H.%M" if _language() == "da" else "%H:%M"),
    }
