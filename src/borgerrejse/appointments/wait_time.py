"""How long a walk-in waits: estimates from the live state of the queue.

Pure functions of a `QueueState`, with no database, so `benchmarks/wait_time.py` can
judge the very estimator the kiosk, the display and the service page show against a
simulated day. The formulas are in ../shared/reference/channels.md:

- queue-length predictor: with n people ahead and c counters, all busy, FCFS,
  E[W] ≈ (n + 1)·AHT / c. Counters that are free now take the first tickets at once.
- Erlang C: the steady-state chance of waiting and the mean wait for an offered load
  A = λ·AHT on c counters, computed from the Erlang B recursion. It is for a ticket not
  yet drawn when no live state tells more (before the first ticket of the day, say).

Rolling averages of past waits lag behind a queue that is growing or shrinking (Ang et
al. 2016; Ibrahim & Whitt 2009); predictors that use the queue state do better, and the
benchmark shows by how much.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

# Minutes a service takes at the desk when nothing was served today to learn from.
DEFAULT_HANDLING_MINUTES: dict[str, float] = {
    "pas": 12.0,
    "sundhedskort": 5.0,
    "flytning": 7.0,
    "fritagelse-digital-post": 6.0,
    "begravelseshjaelp": 15.0,
}
FALLBACK_HANDLING_MINUTES = 8.0
# How many recent handling times the mean is taken over: enough to steady it, few enough
# to follow a day where one service suddenly takes longer.
RECENT_HANDLINGS = 10


@dataclass(frozen=True)
class QueueState:
    """What the estimator knows about one queue at one moment.

    `ahead`: tickets that will be called before this one by the counters serving it
    (booked check-ins included). `servers`: counters serving the queue; under a weighted
    work profile, a counter counts with its share of the queue. `busy`: how many of those
    are serving someone now. `handling_minutes`: the mean handling time of the work ahead.
    `arrivals_per_hour`: recent arrivals, for Erlang C.
    """

    ahead: int
    servers: float
    busy: float
    handling_minutes: float
    arrivals_per_hour: float = 0.0


def handling_minutes_recent(samples: Sequence[float], *, service_slug: str = "") -> float:
    """The mean of the most recent handling times (minutes, oldest first), or the
    service's default when there are none yet."""
    recent = [sample for sample in samples[-RECENT_HANDLINGS:] if sample > 0]
    if not recent:
        return DEFAULT_HANDLING_MINUTES.get(service_slug, FALLBACK_HANDLING_MINUTES)
    return statistics.fmean(recent)


def wait_estimate_minutes(state: QueueState) -> float | None:
    """Expected minutes until a ticket with `state.ahead` people ahead is called.

    None when no counter serves the queue: there is no honest number to show.
    """
    if state.servers <= 0:
        return None
    free = max(state.servers - state.busy, 0.0)
    position = state.ahead + 1
    if position <= free:
        return 0.0
    # Each departure from a busy counter moves the queue one place; with c counters busy,
    # departures come c times as often as one counter finishes.
    return (position - free) * state.handling_minutes / state.servers


def erlang_b(*, load: float, servers: int) -> float:
    """The Erlang B blocking probability, by the stable recursion B_k = A·B/(k + A·B)."""
    blocking = 1.0
    for k in range(1, servers + 1):
        blocking = load * blocking / (k + load * blocking)
    return blocking


def erlang_c(*, load: float, servers: int) -> float:
    """The probability of having to wait: C = c·B / (c − A·(1 − B)). 1 when overloaded."""
    if servers <= 0 or load >= servers:
        return 1.0
    if load <= 0:
        return 0.0
    blocking = erlang_b(load=load, servers=servers)
    return servers * blocking / (servers - load * (1 - blocking))


def erlang_c_mean_wait_minutes(
    *, arrivals_per_hour: float, handling_minutes: float, servers: int
) -> float | None:
    """E[Wq] = C·AHT / (c − A); None when the load is at or above capacity, where the
    steady state has no finite mean."""
    load = arrivals_per_hour * handling_minutes / 60
    if servers <= 0 or load >= servers:
        return None
    return erlang_c(load=load, servers=servers) * handling_minutes / (servers - load)


def erlang_c_service_level(
    *, arrivals_per_hour: float, handling_minutes: float, servers: int, within_minutes: float
) -> float:
    """P(Wq ≤ t) = 1 − C·exp(−(c − A)·t / AHT)."""
    load = arrivals_per_hour * handling_minutes / 60
    if servers <= 0 or load >= servers:
        return 0.0
    chance = erlang_c(load=load, servers=servers)
    return 1 - chance * math.exp(-(servers - load) * within_minutes / handling_minutes)


def wait_estimate_new_arrival_minutes(state: QueueState) -> float | None:
    """What a citizen who draws a ticket now can expect.

    The live queue decides when there is one. An empty queue with every counter free
    still has people on their way in: then Erlang C for the recent arrival rate says how
    likely they are to find the counters busy.
    """
    live = wait_estimate_minutes(state)
    if live is None:
        return None
    if live > 0 or state.arrivals_per_hour <= 0:
        return live
    steady = erlang_c_mean_wait_minutes(
        arrivals_per_hour=state.arrivals_per_hour,
        handling_minutes=state.handling_minutes,
        servers=max(int(state.servers), 1),
    )
    return live if steady is None else min(steady, state.handling_minutes)


def wait_minutes_shown(minutes: float | None) -> int | None:
    """Rounded up to whole minutes, as the citizen reads it: five minutes, never 4.2."""
    if minutes is None:
        return None
    return math.ceil(minutes - 1e-9) if minutes > 0 else 0
