"""System checks for the CPR keys (see cpr_vault)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from borgerrejse.people import cpr_vault


@checks.register(checks.Tags.security)
def cpr_keys_well_formed(
    *, app_configs: Sequence[AppConfig] | None, databases: Sequence[str] | None, **kwargs: Any
) -> list[checks.CheckMessage]:
    try:
        cpr_vault.cpr_validate_keys()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="people.E001")]
    return []


@checks.register(checks.Tags.security, deploy=True)
def cpr_keys_set(
    *, app_configs: Sequence[AppConfig] | None, databases: Sequence[str] | None, **kwargs: Any
) -> list[checks.CheckMessage]:
    hint = "Production must set both CPR_ENCRYPTION_KEY and CPR_HASH_KEY; see people/cpr_vault.py."
    messages: list[checks.CheckMessage] = []
    if not cpr_vault.cpr_encryption_configured():
        messages.append(
            checks.Warning(
                "CPR_ENCRYPTION_KEY is empty: CPR numbers are encrypted with a key derived "
                "from SECRET_KEY.",
                hint=hint,
                id="people.W001",
            )
        )
    if not cpr_vault.cpr_hash_key_configured():
        messages.append(
            checks.Warning(
                "CPR_HASH_KEY is empty: the CPR lookup hash uses a key derived from SECRET_KEY.",
                hint=hint,
                id="people.W002",
            )
        )
    return messages
