"""The published catalogue as test data, built through the real publishing service.

The fixtures live in a plain module so every app's tests and the browser tests can
import them into their conftest.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from borgerrejse.catalog.schema import ServiceDefinition
from borgerrejse.catalog.selectors import service_definition
from borgerrejse.catalog.services import service_file_publish


def service_files() -> list[Path]:
    return sorted(Path(settings.SERVICES_DIR).glob("*.yaml"))


def catalogue_publish() -> list[ServiceDefinition]:
    """Publish every service definition in services/, as `borgerrejse services load` does."""
    return [service_definition(service_file_publish(path=path).version) for path in service_files()]


@pytest.fixture
def published_catalogue(db: None) -> list[ServiceDefinition]:
    """The whole catalogue, published. A test that also uses live_server gets it committed."""
    return catalogue_publish()
