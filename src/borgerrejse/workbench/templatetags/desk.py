"""`{{ staff|serves_at_desk }}`: whether the menu links to the front desk view."""

from __future__ import annotations

from django import template

from borgerrejse.contacts.access import may_serve_at_desk
from borgerrejse.staff.models import StaffMember

register = template.Library()


@register.filter
def serves_at_desk(member: StaffMember | None) -> bool:
    return member is not None and may_serve_at_desk(user=member.user)
