from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublishedVersionError(Exception):
    """A published version was about to change. Publish a new version instead."""


class ServiceVersion(models.Model):
    """One published, immutable version of a service definition.

    The full document is kept as JSON; the columns beside it exist for listing and
    choosing versions without parsing documents.
    """

    slug = models.SlugField(max_length=60)
    version = models.PositiveIntegerField()
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    title_da = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200)
    life_situation = models.CharField(max_length=30)
    department = models.CharField(max_length=30)
    stakes = models.CharField(max_length=10)
    automation = models.CharField(max_length=20)
    document = models.JSONField()
    checksum = models.CharField(max_length=64, help_text=_("SHA-256 af kildedokumentet"))
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slug", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="service_version_unique"),
        ]
        indexes = [models.Index(fields=["slug", "valid_from"], name="service_validity_idx")]

    def __str__(self) -> str:
        return f"{self.slug} v{self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PublishedVersionError(f"{self} is published and cannot change")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PublishedVersionError(f"{self} is published and cannot be deleted")
