import pytest

from borgerrejse.people.tests.factories import CitizenFactory


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    """The real hasher takes a noticeable fraction of a second per login."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def citizen(db):
    return CitizenFactory()
