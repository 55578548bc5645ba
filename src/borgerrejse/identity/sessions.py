"""What a citizen login keeps in the Django session, and how it is read back.

Session keys (all under "identity."):
- `identity.citizen_id`: the logged-in citizen's primary key
- `identity.assurance_level`: the NSIS level of the login ("low", "substantial", "high")
- `identity.provider`: the identity provider that vouched for the citizen ("local")
- `identity.authenticated_at`: when the provider authenticated the citizen (ISO 8601)
- `identity.logged_in_at`: when the session started (ISO 8601); the absolute limit
  `SESSION_MAX_AGE_SECONDS` counts from here
- `identity.next`: where to go after a login in progress (a safe, local path)

The idle limit is Django's own: `SESSION_COOKIE_AGE` with `SESSION_SAVE_EVERY_REQUEST`,
so every request moves the expiry on.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Final

from django.contrib.sessions.backends.base import SessionBase

from borgerrejse.identity.providers import AssuranceLevel

CITIZEN_ID: Final = "identity.citizen_id"
ASSURANCE_LEVEL: Final = "identity.assurance_level"
PROVIDER: Final = "identity.provider"
AUTHENTICATED_AT: Final = "identity.authenticated_at"
LOGGED_IN_AT: Final = "identity.logged_in_at"
NEXT: Final = "identity.next"

LOGIN_KEYS: Final = (CITIZEN_ID, ASSURANCE_LEVEL, PROVIDER, AUTHENTICATED_AT, LOGGED_IN_AT)

# current_citizen() keeps its answer on the request, so a page asks the database once.
REQUEST_CACHE_ATTRIBUTE: Final = "_identity_current_citizen"


class SessionDamaged(Exception):
    """The session holds part of a login, or values that do not parse."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class CitizenSession:
    citizen_id: int
    assurance_level: AssuranceLevel
    provider: str
    authenticated_at: dt.datetime
    logged_in_at: dt.datetime

    def expires_at(self, *, max_age: dt.timedelta) -> dt.datetime:
        return self.logged_in_at + max_age

    def write(self, session: SessionBase) -> None:
        session[CITIZEN_ID] = self.citizen_id
        session[ASSURANCE_LEVEL] = self.assurance_level.value
        session[PROVIDER] = self.provider
        session[AUTHENTICATED_AT] = self.authenticated_at.isoformat()
        session[LOGGED_IN_AT] = self.logged_in_at.isoformat()

    @classmethod
    def read(cls, session: SessionBase) -> CitizenSession | None:
        """The login in the session; None if nobody is logged in. Raises SessionDamaged."""
        present = [key for key in LOGIN_KEYS if key in session]
        if not present:
            return None
        if len(present) != len(LOGIN_KEYS):
            raise SessionDamaged("the session holds part of a login")
        try:
            citizen_id = session[CITIZEN_ID]
            if not isinstance(citizen_id, int) or isinstance(citizen_id, bool):
                raise TypeError("citizen id is not an integer")
            login = cls(
                citizen_id=citizen_id,
                assurance_level=AssuranceLevel(session[ASSURANCE_LEVEL]),
                provider=str(session[PROVIDER]),
                authenticated_at=_aware(session[AUTHENTICATED_AT]),
                logged_in_at=_aware(session[LOGGED_IN_AT]),
            )
        except (TypeError, ValueError) as exc:
            raise SessionDamaged(str(exc)) from exc
        return login


def _aware(text: object) -> dt.datetime:
    if not isinstance(text, str):
        raise TypeError("a time in the session is not text")
    moment = dt.datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("a time in the session has no time zone")
    return moment
