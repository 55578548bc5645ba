"""Project-wide pytest configuration and the fixtures every app's tests share."""

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.utils import translation

from borgerrejse.catalog.tests.fixtures import published_catalogue

__all__ = ["published_catalogue"]


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in Danish: LocaleMiddleware leaves a request's language active."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path) -> None:
    """Uploaded files go to a fresh folder per test, never into data/."""
    settings.MEDIA_ROOT = tmp_path / "uploads"
