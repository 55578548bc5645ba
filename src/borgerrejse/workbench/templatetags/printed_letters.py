"""`{{ staff|sees_printed_letters }}`: whether the menu links to "Sendt til print"."""

from __future__ import annotations

from django import template

from borgerrejse.notifications.selectors import may_see_printed_letters
from borgerrejse.staff.models import StaffMember

register = template.Library()


@register.filter
def sees_printed_letters(member: StaffMember | None) -> bool:
    return member is not None and may_see_printed_letters(user=member.user)
