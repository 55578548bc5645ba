"""A staff member: the municipal side of a Django user, with roles, departments and skills."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from borgerrejse.catalog.schema import Department
from borgerrejse.staff.roles import Action, Role, actions_for_roles

__all__ = ["Action", "Role", "StaffMember"]

_SERVICE_SLUG = re.compile(r"^[a-z][a-z0-9-]*$")


def _validate_list(value: Any, *, allowed: Callable[[str], bool], message: Any, code: str) -> None:
    if not isinstance(value, list):
        raise ValidationError(_("Skal være en liste"), code="not_list")
    for item in value:
        if not isinstance(item, str) or not allowed(item):
            raise ValidationError(message, code=code, params={"value": item})
    if len(set(value)) != len(value):
        raise ValidationError(_("Hver værdi må kun stå én gang"), code="repeated")


def validate_roles(value: Any) -> None:
    _validate_list(
        value,
        allowed=lambda v: v in Role.values,
        message=_("Ukendt rolle: %(value)s"),
        code="role_unknown",
    )


def validate_departments(value: Any) -> None:
    _validate_list(
        value,
        allowed=lambda v: v in {d.value for d in Department},
        message=_("Ukendt afdeling: %(value)s"),
        code="department_unknown",
    )


def validate_skills(value: Any) -> None:
    _validate_list(
        value,
        allowed=lambda v: bool(_SERVICE_SLUG.match(v)),
        message=_("Ugyldig ydelse: %(value)s"),
        code="skill_invalid",
    )


class StaffMember(models.Model):
    """A person who works for the municipality.

    The Django user holds the login (username, password, name, e-mail) and django-otp's
    TOTPDevice the second factor. Who may do what to which case is decided from `roles`,
    `departments` and `skills` by `borgerrejse.staff.access`.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff"
    )
    # Role values; see borgerrejse.staff.roles.ROLE_ACTIONS.
    roles = models.JSONField(default=list, validators=[validate_roles])
    # Department slugs (catalog.schema.Department) whose cases this person works with.
    departments = models.JSONField(default=list, blank=True, validators=[validate_departments])
    # Service slugs this person is trained to decide (see roles.SKILLED_ACTIONS).
    skills = models.JSONField(default=list, blank=True, validators=[validate_skills])
    title = models.CharField(_("stilling"), max_length=100)
    # The direct line shown to citizens on the cases this person handles.
    phone = models.CharField(_("direkte telefon"), max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("medarbejder")
        verbose_name_plural = _("medarbejdere")

    def __str__(self) -> str:
        return f"{self.full_name} ({self.title})"

    @property
    def full_name(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    @property
    def allowed_actions(self) -> frozenset[Action]:
        """Every case action this person's roles allow, in any case in scope."""
        return actions_for_roles(self.roles)

    def may(self, action: str) -> bool:
        """Whether the roles allow the action at all. Scope and skills are not checked."""
        return action in self.allowed_actions

    def has_role(self, role: str) -> bool:
        return role in self.roles

    def has_skill(self, service_slug: str) -> bool:
        return service_slug in self.skills

    def works_in(self, department: str) -> bool:
        return department in self.departments
