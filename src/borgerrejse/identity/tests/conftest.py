import pytest

from borgerrejse.identity.tests.logins import demo_citizen_create


@pytest.fixture
def anne(db):
    """Anne Hansen, the demo citizen with CPR number 120385-1234."""
    return demo_citizen_create("danish_adult")
