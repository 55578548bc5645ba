"""What every workbench view shares: the staff member, the page frame and form errors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils.translation import get_language

from borgerrejse.catalog.departments import team_for
from borgerrejse.notifications.selectors import failed_messages_count_for_staff
from borgerrejse.staff.access import current_staff
from borgerrejse.staff.models import Action, StaffMember


def member_of(request: HttpRequest) -> StaffMember:
    member = current_staff(request)
    assert member is not None, "the view must be wrapped in @staff_required"
    return member


def staff_user(request: HttpRequest) -> User:
    """The logged-in staff member's user: the `user` the case services take."""
    return member_of(request).user


def language() -> str:
    return "en" if (get_language() or "da").startswith("en") else "da"


def frame(member: StaffMember, nav: str = "") -> dict[str, Any]:
    """The header and menu: who is logged in, their departments, and where they are."""
    return {
        "staff": member,
        "staff_departments": [str(team_for(d).name) for d in member.departments],
        "staff_is_lead": member.may(Action.ASSIGN),
        # One COUNT over a partial index on every page: failed messages are rare and
        # urgent, so the badge is always current rather than cached.
        "failed_messages_count": failed_messages_count_for_staff(user=member.user),
        "nav": nav,
    }


def error_links(*bound: forms.Form | None) -> list[tuple[str, str]]:
    """The error summary's links: to each field in error, or to the form a service refused."""
    links: list[tuple[str, str]] = []
    for form in bound:
        if form is None or not form.is_bound or not form.errors:
            continue
        anchor = getattr(form, "anchor", f"#form-{form.prefix}-error")
        for error in form.non_field_errors():
            links.append((anchor, str(error)))
        for field in form:
            if not field.errors:
                continue
            anchor = field.auto_id
            if isinstance(field.field.widget, forms.RadioSelect):
                anchor = f"{anchor}_0"
            links.append((f"#{anchor}", str(field.errors[0])))
    return links


def page_numbers(number: int, total: int) -> list[int | None]:
    """Pages to link to: the first, the last and two either side of this one; None is a gap."""
    shown = sorted({1, total, *range(max(1, number - 2), min(total, number + 2) + 1)})
    numbers: list[int | None] = []
    for page in shown:
        if numbers and page - (numbers[-1] or 0) > 1:
            numbers.append(None)
        numbers.append(page)
    return numbers
