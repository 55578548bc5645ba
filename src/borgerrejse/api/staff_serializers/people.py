"""Staff members as the staff API names them: an id to act on, and a name."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers


def person(user: Any) -> dict[str, Any] | None:
    """A user as `StaffPerson`, or None for nobody."""
    if user is None:
        return None
    return {"id": user.pk, "name": user.get_full_name() or user.get_username()}


def person_name(user: Any) -> str:
    """A user's name, or "" for nobody."""
    named = person(user)
    return "" if named is None else str(named["name"])


@extend_schema_serializer(component_name="StaffPerson")
class PersonOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The staff member's user id, as `assign` takes it.")
    name = serializers.CharField()
