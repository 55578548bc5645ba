"""How good is the walk-in wait we show? A discrete-event simulation (simpy) of days at a
Borgerservice desk, judging our estimator against a naive one.

Each simulated day (10:00–15:00):

- walk-ins arrive as a time-varying Poisson process: a morning peak, a lunch dip and a
  smaller afternoon bump;
- five services, each with its own lognormal handling time;
- four counters calling by the longest wait first (booked check-ins before walk-ins);
- some booked passport appointments check in at the top of the queue.

At every walk-in's arrival we record what three estimators would show, and later the
wait the ticket actually had (from drawing the ticket to being called):

- ours: `borgerrejse.appointments.wait_time.wait_estimate_minutes` — the very function
  the kiosk and the display use — fed the queue state the live system has (tickets ahead,
  counters, busy counters, the mean of the last ten handling times per service);
- naive: the mean of the last ten actual waits (a rolling average);
- Erlang C: the steady-state mean wait for the last hour's arrival rate.

It prints the mean absolute error of each over `--days` days with fixed seeds, and a
table per service. No Django and no database: the estimator is a pure function.

    .venv/bin/python benchmarks/wait_time.py [--days 30] [--counters 4]
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
from collections import defaultdict, deque
from dataclasses import dataclass, field
from pathlib import Path

import simpy

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from borgerrejse.appointments.wait_time import (
    QueueState,
    erlang_c_mean_wait_minutes,
    handling_minutes_recent,
    wait_estimate_minutes,
)

OPEN_MINUTES = 300  # 10:00–15:00
# Walk-ins per hour, by hour of the day from opening: the morning peak, the lunch dip.
ARRIVALS_PER_HOUR = (30.0, 26.0, 15.0, 24.0, 16.0)
# Service: (share of walk-ins, median handling minutes, lognormal sigma).
SERVICES: dict[str, tuple[float, float, float]] = {
    "pas": (0.35, 11.0, 0.45),
    "sundhedskort": (0.25, 4.5, 0.5),
    "flytning": (0.20, 6.5, 0.5),
    "fritagelse-digital-post": (0.10, 5.5, 0.6),
    "begravelseshjaelp": (0.10, 14.0, 0.5),
}
# Booked passport appointments check in every 20 minutes, give or take a few.
BOOKED_EVERY_MINUTES = 20
NAIVE_WINDOW = 10
SEED = 20261126


@dataclass(order=True)
class Ticket:
    sort_key: tuple[int, float, int]
    service: str = field(compare=False)
    arrived: float = field(compare=False)
    booked: bool = field(compare=False)
    called: float | None = field(default=None, compare=False)


@dataclass
class Record:
    service: str
    ours: float
    naive: float
    erlang: float
    actual: float = math.nan


class Desk:
    def __init__(self, env: simpy.Environment, rng: random.Random, counters: int) -> None:
        self.env = env
        self.rng = rng
        self.counters = counters
        self.waiting: list[Ticket] = []
        self.serving: dict[int, str] = {}  # counter → service in progress
        self.wake = env.event()
        self.handling: dict[str, deque[float]] = defaultdict(lambda: deque(maxlen=10))
        self.recent_waits: deque[float] = deque(maxlen=NAIVE_WINDOW)
        self.arrival_times: deque[float] = deque()
        self.records: dict[int, Record] = {}
        self.sequence = 0

    def handling_minutes(self, service: str) -> float:
        return handling_minutes_recent(list(self.handling[service]), service_slug=service)

    def queue_state(self, ticket: Ticket) -> QueueState:
        ahead = [other for other in self.waiting if other.sort_key < ticket.sort_key]
        # The departures this ticket waits for: everyone ahead and everyone at a counter.
        work = [other.service for other in ahead] + list(self.serving.values())
        handling = (
            statistics.fmean(self.handling_minutes(service) for service in work)
            if work
            else self.handling_minutes(ticket.service)
        )
        hour_ago = self.env.now - 60
        while self.arrival_times and self.arrival_times[0] < hour_ago:
            self.arrival_times.popleft()
        return QueueState(
            ahead=len(ahead),
            servers=self.counters,
            busy=len(self.serving),
            handling_minutes=handling,
            arrivals_per_hour=len(self.arrival_times) * 60 / max(min(self.env.now, 60), 1),
        )

    def arrive(self, service: str, *, booked: bool) -> None:
        self.sequence += 1
        ticket = Ticket(
            sort_key=(0 if booked else 1, self.env.now, self.sequence),
            service=service,
            arrived=self.env.now,
            booked=booked,
        )
        self.arrival_times.append(self.env.now)
        if not booked:
            state = self.queue_state(ticket)
            ours = wait_estimate_minutes(state)
            naive = statistics.fmean(self.recent_waits) if self.recent_waits else 0.0
            erlang = erlang_c_mean_wait_minutes(
                arrivals_per_hour=state.arrivals_per_hour,
                handling_minutes=state.handling_minutes,
                servers=self.counters,
            )
            self.records[self.sequence] = Record(
                service=service,
                ours=ours if ours is not None else 0.0,
                naive=naive,
                # Overloaded: the steady state has no mean; the live queue is all there is.
                erlang=erlang if erlang is not None else (ours or 0.0),
            )
        self.waiting.append(ticket)
        self.waiting.sort()
        if not self.wake.triggered:
            self.wake.succeed()

    def counter(self, number: int) -> simpy.events.ProcessGenerator:
        while True:
            if not self.waiting:
                if self.env.now >= OPEN_MINUTES:
                    return
                yield self.wake
                if self.wake.triggered:
                    self.wake = self.env.event()
                continue
            ticket = self.waiting.pop(0)
            ticket.called = self.env.now
            waited = self.env.now - ticket.arrived
            self.recent_waits.append(waited)
            record = self.records.get(ticket.sort_key[2])
            if record is not None:
                record.actual = waited
            self.serving[number] = ticket.service
            _share, median, sigma = SERVICES[ticket.service]
            minutes = self.rng.lognormvariate(math.log(median), sigma)
            yield self.env.timeout(minutes)
            del self.serving[number]
            self.handling[ticket.service].append(minutes)

    def walk_ins(self) -> simpy.events.ProcessGenerator:
        names = list(SERVICES)
        shares = [SERVICES[name][0] for name in names]
        peak = max(ARRIVALS_PER_HOUR)
        while True:
            # Thinning: draw at the peak rate, keep with the hour's share of it.
            yield self.env.timeout(self.rng.expovariate(peak / 60))
            if self.env.now >= OPEN_MINUTES:
                break
            rate = ARRIVALS_PER_HOUR[int(self.env.now // 60)]
            if self.rng.random() < rate / peak:
                self.arrive(self.rng.choices(names, shares)[0], booked=False)
        if not self.wake.triggered:
            self.wake.succeed()

    def booked(self) -> simpy.events.ProcessGenerator:
        for slot in range(0, OPEN_MINUTES - BOOKED_EVERY_MINUTES, BOOKED_EVERY_MINUTES):
            # They turn up a few minutes early or late; some not at all.
            at = max(slot + self.rng.gauss(0, 4), self.env.now)
            yield self.env.timeout(at - self.env.now)
            if self.rng.random() < 0.9:
                self.arrive("pas", booked=True)


def simulate_day(seed: int, counters: int) -> list[Record]:
    env = simpy.Environment()
    desk = Desk(env, random.Random(seed), counters)
    env.process(desk.walk_ins())
    env.process(desk.booked())
    for number in range(counters):
        env.process(desk.counter(number))
    env.run()
    return [record for record in desk.records.values() if not math.isnan(record.actual)]


def mean_absolute_error(records: list[Record], attribute: str) -> float:
    return statistics.fmean(abs(getattr(r, attribute) - r.actual) for r in records)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--counters", type=int, default=4)
    args = parser.parse_args(argv)

    records: list[Record] = []
    for day in range(args.days):
        records.extend(simulate_day(SEED + day, args.counters))

    ours = mean_absolute_error(records, "ours")
    naive = mean_absolute_error(records, "naive")
    erlang = mean_absolute_error(records, "erlang")
    actual = statistics.fmean(r.actual for r in records)
    print(
        f"{args.days} simulated days, {args.counters} counters, "
        f"{len(records)} walk-ins, mean actual wait {actual:.1f} min"
    )
    print("Mean absolute error of the shown estimate (minutes):")
    print(f"  ours (queue state)             {ours:6.2f}")
    print(f"  naive (mean of last {NAIVE_WINDOW} waits)   {naive:6.2f}")
    print(f"  Erlang C (steady state)        {erlang:6.2f}")
    print()
    print(f"{'service':<26}{'walk-ins':>9}{'actual':>9}{'ours':>9}{'naive':>9}{'erlang':>9}")
    by_service: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        by_service[record.service].append(record)
    for service in SERVICES:
        rows = by_service[service]
        print(
            f"{service:<26}{len(rows):>9}"
            f"{statistics.fmean(r.actual for r in rows):>9.1f}"
            f"{mean_absolute_error(rows, 'ours'):>9.2f}"
            f"{mean_absolute_error(rows, 'naive'):>9.2f}"
            f"{mean_absolute_error(rows, 'erlang'):>9.2f}"
        )
    verdict = "beats" if ours < naive else "does NOT beat"
    print(f"\nOurs {verdict} the naive rolling average ({ours:.2f} against {naive:.2f} min).")
    return 0 if ours < naive else 1


if __name__ == "__main__":
    sys.exit(main())
