"""Writes to the catalogue: publishing service definitions."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from borgerrejse.catalog.documents import read_definition
from borgerrejse.catalog.models import PublishedVersionError, ServiceVersion
from borgerrejse.catalog.schema import ServiceDefinition


@dataclass(frozen=True)
class PublishResult:
    version: ServiceVersion
    created: bool


def service_version_publish(*, definition: ServiceDefinition, checksum: str) -> PublishResult:
    """Publish a definition. Publishing the same content again changes nothing.

    A version number is published once: different content under a published number is
    refused, because cases already decided under it must keep pointing at what applied.
    """
    with transaction.atomic():
        existing = ServiceVersion.objects.filter(
            slug=definition.slug, version=definition.version
        ).first()
        if existing is not None:
            if existing.checksum != checksum:
                raise PublishedVersionError(
                    f"{definition.slug} version {definition.version} is already published with "
                    "different content: give the changed definition a new version number"
                )
            return PublishResult(existing, created=False)
        version = ServiceVersion.objects.create(
            slug=definition.slug,
            version=definition.version,
            valid_from=definition.valid_from,
            valid_to=definition.valid_to,
            title_da=definition.title.da,
            title_en=definition.title.en,
            life_situation=definition.life_situation.value,
            department=definition.department.value,
            stakes=definition.stakes.value,
            automation=definition.automation.value,
            document=definition.document(),
            checksum=checksum,
        )
        return PublishResult(version, created=True)


def service_file_publish(*, path: Path) -> PublishResult:
    definition = read_definition(path)
    checksum = hashlib.sha256(path.read_bytes()).hexdigest()
    return service_version_publish(definition=definition, checksum=checksum)
