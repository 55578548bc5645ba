"""Video meetings: the adapter that gives a booked video appointment its meeting link."""

from __future__ import annotations

import secrets
from typing import Protocol

from django.conf import settings


class VideoMeetings(Protocol):
    """Makes a meeting room for one appointment and returns the link both sides open."""

    def room_url(self, *, title: str) -> str: ...


class JitsiRooms:
    """Jitsi Meet makes a room the first time someone opens its address, so a room is
    just an address nobody can guess: whoever knows it may join, which is why the name
    carries 128 random bits and never the citizen's name or CPR number."""

    def __init__(self, server: str | None = None) -> None:
        self.server = (server or settings.VIDEO_SERVER).strip("/")

    def room_url(self, *, title: str) -> str:
        # `title` is not put in the address: it would show who meets about what.
        return f"https://{self.server}/Borgerrejse-{secrets.token_hex(16)}"


def video_meetings() -> VideoMeetings:
    return JitsiRooms()
