"""Free text a staff member writes: trimmed, not blank, not too long."""

from __future__ import annotations

from typing import Any

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from borgerrejse.cases.services.handling import MAX_TEXT

TOO_LONG = lazy(
    lambda: _("Teksten er for lang. Skriv højst %(limit)s tegn.") % {"limit": MAX_TEXT}, str
)()


class FreeTextField(serializers.CharField):
    """Free text a staff member writes, with the case services' messages when it is empty
    or longer than MAX_TEXT."""

    def __init__(self, *, empty_message: Any, **kwargs: Any) -> None:
        messages = {"blank": empty_message, "required": empty_message, "max_length": TOO_LONG}
        super().__init__(
            trim_whitespace=True, max_length=MAX_TEXT, error_messages=messages, **kwargs
        )
