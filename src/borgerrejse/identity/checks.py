"""System checks: a demo login or demo tokens in production let anyone act as anyone."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from borgerrejse.identity.local_provider import LocalIdentityProvider
from borgerrejse.identity.providers import identity_provider_get


@checks.register(checks.Tags.security)
def identity_provider_configured(
    *, app_configs: Sequence[AppConfig] | None, databases: Sequence[str] | None, **kwargs: Any
) -> list[checks.CheckMessage]:
    try:
        identity_provider_get()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="identity.E001")]
    return []


@checks.register(checks.Tags.security, deploy=True)
def no_demo_login_in_production(
    *, app_configs: Sequence[AppConfig] | None, databases: Sequence[str] | None, **kwargs: Any
) -> list[checks.CheckMessage]:
    messages: list[checks.CheckMessage] = []
    try:
        provider = identity_provider_get()
    except ImproperlyConfigured:
        return messages  # identity.E001 says why
    if isinstance(provider, LocalIdentityProvider):
        messages.append(
            checks.Warning(
                "IDENTITY_PROVIDER is the local demo login: anyone can log in as any "
                "citizen by typing a CPR number.",
                hint="Production must set IDENTITY_PROVIDER to a real provider (MitID).",
                id="identity.W001",
            )
        )
    if getattr(settings, "DEMO_TOKENS_ENABLED", True):
        messages.append(
            checks.Warning(
                "DEMO_TOKENS_ENABLED is True: `borgerrejse token` makes API tokens for any "
                "citizen.",
                hint="Production must set DEMO_TOKENS_ENABLED = False.",
                id="identity.W002",
            )
        )
    return messages
