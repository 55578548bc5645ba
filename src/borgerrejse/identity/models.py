from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from borgerrejse.people.models import Citizen


class ApiToken(models.Model):
    """A bearer token for the REST API, acting as one citizen.

    Only the SHA-256 hash of the secret is stored: the secret is shown once, when the
    token is made. A plain hash is enough because the secret has 256 random bits (a keyed
    hash is needed only for guessable values such as CPR numbers). `prefix` holds the
    first characters of the secret, so a citizen or an operator can tell tokens apart.
    """

    citizen = models.ForeignKey(
        Citizen, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("borger")
    )
    token_hash = models.CharField(_("hash af nøglen"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("nøglens begyndelse"), max_length=8, editable=False)
    created_at = models.DateTimeField(_("oprettet"))
    expires_at = models.DateTimeField(_("udløber"))
    last_used_at = models.DateTimeField(_("sidst brugt"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("tilbagekaldt"), null=True, blank=True)

    class Meta:
        verbose_name = _("API-nøgle")
        verbose_name_plural = _("API-nøgler")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="identity_apitoken_expires_after_creation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}…"

    def is_active(self, *, at: dt.datetime) -> bool:
        return self.revoked_at is None and at < self.expires_at
