"""An enum field that is one named component in the OpenAPI schema.

drf-spectacular names enums after the fields that use them, so `status` of a case and
`status` of a rule trace collide, and one set of values gets several names. Naming each
set where it is defined gives one clear component per domain enum: `CaseStatus`,
`ServiceChannel`, ...
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import Any

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes
from rest_framework import serializers


class EnumField(serializers.ChoiceField):
    """A choice among an enum's values, documented as the component `component_name`."""

    def __init__(
        self, enum: type[Enum] | Iterable[str], *, component_name: str, **kwargs: Any
    ) -> None:
        values = [member.value for member in enum] if isinstance(enum, type) else list(enum)
        self.values = values
        self.component_name = component_name
        super().__init__(choices=[(value, value) for value in values], **kwargs)


class EnumFieldExtension(OpenApiSerializerFieldExtension):
    target_class = EnumField

    def get_name(self) -> str | None:
        return str(self.target.component_name)

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        schema: dict[str, Any] = build_basic_type(OpenApiTypes.STR) or {"type": "string"}
        return {**schema, "enum": list(self.target.values)}
