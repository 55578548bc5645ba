"""`current_citizen` in every template, for the header's "Logget ind som …" and "Log ud"."""

from __future__ import annotations

from django.http import HttpRequest

from borgerrejse.identity.access import current_citizen
from borgerrejse.people.models import Citizen


def citizen(request: HttpRequest) -> dict[str, Citizen | None]:
    # A request built in a test without SessionMiddleware has no session: nobody is in.
    if not hasattr(request, "session"):
        return {"current_citizen": None}
    return {"current_citizen": current_citizen(request)}
