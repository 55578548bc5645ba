"""Counters and work profiles for the demo town hall, so the walk-in queue works at once."""

from __future__ import annotations

from borgerrejse.appointments.models import Counter, Location, WorkMode, WorkProfile

# Every service the desk takes, equally: the longest wait is called first.
ALL_SERVICES = {
    "pas": 1,
    "sundhedskort": 1,
    "flytning": 1,
    "fritagelse-digital-post": 1,
    "begravelseshjaelp": 1,
}


def walkin_demo_create(*, location: Location) -> list[Counter]:
    """Two profiles and one counter per desk at the location; running it twice is harmless."""
    everything, _ = WorkProfile.objects.get_or_create(
        name="Alle ydelser", defaults={"mode": WorkMode.LONGEST_WAIT, "weights": ALL_SERVICES}
    )
    WorkProfile.objects.get_or_create(
        name="Pas først",
        defaults={"mode": WorkMode.WEIGHTED, "weights": ALL_SERVICES | {"pas": 3}},
    )
    counters = []
    for number in range(1, max(location.counters, 1) + 1):
        counter, _ = Counter.objects.get_or_create(
            location=location, number=number, defaults={"profile": everything}
        )
        counters.append(counter)
    return counters
