"""Reads from the catalogue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db.models import Q, QuerySet

from borgerrejse.catalog.models import ServiceVersion
from borgerrejse.catalog.schema import ServiceDefinition
from borgerrejse.rules.engine import CompiledRuleSet


class ServiceNotFound(LookupError):
    pass


def _valid_on(day: dt.date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def service_version_get(*, slug: str, on: dt.date) -> ServiceVersion:
    """The version of a service that applies on a date: the newest one valid then."""
    version = ServiceVersion.objects.filter(_valid_on(on), slug=slug).order_by("-version").first()
    if version is None:
        raise ServiceNotFound(f"no version of {slug!r} is valid on {on}")
    return version


def service_versions_current(*, on: dt.date) -> list[ServiceVersion]:
    """One version per service: the newest valid on the date."""
    newest: dict[str, ServiceVersion] = {}
    for version in ServiceVersion.objects.filter(_valid_on(on)).order_by("slug", "-version"):
        newest.setdefault(version.slug, version)
    return list(newest.values())


def service_versions_all() -> QuerySet[ServiceVersion]:
    return ServiceVersion.objects.order_by("slug", "version")


# Published versions never change, so their parsed forms are kept for the process.
_definitions: dict[tuple[int, str], ServiceDefinition] = {}
_compiled: dict[tuple[int, str], CompiledRuleSet] = {}


def service_definition(version: ServiceVersion) -> ServiceDefinition:
    key = (version.pk, version.checksum)
    if key not in _definitions:
        _definitions[key] = ServiceDefinition.model_validate(version.document)
    return _definitions[key]


def compiled_rules(version: ServiceVersion) -> CompiledRuleSet:
    key = (version.pk, version.checksum)
    if key not in _compiled:
        _compiled[key] = CompiledRuleSet(service_definition(version).rule_set())
    return _compiled[key]


def service_evaluate(
    *, slug: str, answers: Mapping[str, Any], on: dt.date, language: str = "da"
) -> dict[str, Any]:
    """Evaluate answers against the version valid on the date, as the CLI and API show it."""
    version = service_version_get(slug=slug, on=on)
    evaluation = compiled_rules(version).evaluate(answers, on=on)
    return {"service": version.slug, "version": version.version, **evaluation.as_dict(language)}
