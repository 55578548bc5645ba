"""Messages per second delivered by one and by two outbox workers, through the local
adapters.

For each round (`--workers`, by default 1 and then 2):

- `--messages` notices (10,000 by default) are queued through `message_queue`, as the
  domain does, to `--citizens` benchmark citizens: most prefer Digital Post, every fifth
  SMS (`--sms-share`), so the local Digital Post (a MeMo message in the mailbox table)
  and the local SMS gateway both take part. Notices carry no PDF: the figures are the
  outbox's, not WeasyPrint's;
- that many `borgerrejse worker --until-empty` processes start at the same moment and
  drain the outbox, each claiming `--batch` messages at a time with SKIP LOCKED (on
  SQLite, claims take turns at the database's write lock);
- the round reports the time from the first delivery to the last, the messages per
  second over that time, and duplicates: mailbox entries beyond one per message, and
  messages claimed or attempted more than once (there must be none; no faults are
  injected). Wall time includes the workers' start-up.

The database is the benchmark's own: `--database-url` (PostgreSQL: created if missing),
or by default a fresh SQLite file in a temporary folder. Each round starts from an empty
outbox for the benchmark's citizens, and refuses to run if other messages are waiting.

    .venv/bin/python benchmarks/outbox.py [--database-url postgres://…] [--messages N]
        [--workers 1 2] [--batch N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from dataclasses import dataclass
from pathlib import Path

POSTCODE = "9999"  # the benchmark citizens' postcode, as in the other benchmarks
FIRST_NAMES = ["Anne", "Lars", "Mette", "Jens", "Sofie", "Peter", "Kirsten", "Henrik", "Ida"]
LAST_NAMES = ["Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Larsen", "Sørensen"]
QUEUE_BATCH = 500
CONTEXT = {
    "title": "sundhedskort",
    "due": "16. marts 2026",
    "contact": "Mette Ydelse",
    "phone": "33 12 34 56",
    "email": "mette@borgerrejse.example",
}


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a new SQLite file in a temporary folder")
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--batch", type=int, default=50, help="messages per claim")
    parser.add_argument("--citizens", type=int, default=200)
    parser.add_argument("--sms-share", type=float, default=0.2)
    arguments = parser.parse_args()
    if arguments.messages < 2 or min(arguments.workers) < 1:
        parser.error("give at least 2 messages and at least 1 worker")
    return arguments


def database_url(given: str | None) -> str:
    if given:
        return given
    folder = Path(tempfile.mkdtemp(prefix="borgerrejse-outbox-bench-"))
    return f"sqlite:///{folder / 'outbox.sqlite3'}"


def database_ensure(url: str) -> None:
    """Create a PostgreSQL benchmark database if it does not exist yet."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        return
    import psycopg
    from psycopg import sql

    name = urllib.parse.unquote(parts.path.lstrip("/"))
    maintenance = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created database {name}")


def worker_environment(url: str) -> dict[str, str]:
    """The environment of this process and of the workers: the local adapters, no faults."""
    environment = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "borgerrejse.settings",
        "NOTIFICATION_FAULTS": "{}",
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
    }
    for variable in ("DIGITAL_POST_ADAPTER", "SMS_ADAPTER"):
        environment.pop(variable, None)
    return environment


def django_setup(environment: dict[str, str]) -> None:
    os.environ.update(environment)
    for variable in ("DIGITAL_POST_ADAPTER", "SMS_ADAPTER"):
        os.environ.pop(variable, None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def bench_cpr_numbers(count: int) -> list[str]:
    """Distinct CPR numbers that fail the modulus-11 check and avoid 1 January, so none
    can be a real person's (see people/demo.py)."""
    from borgerrejse.people.cpr import CPR

    numbers: list[str] = []
    day = dt.date(1950, 1, 2)
    while len(numbers) < count:
        if (day.month, day.day) != (1, 1):
            for serial in range(1000, 1010):
                cpr = CPR(f"{day:%d%m%y}{serial}")
                if not cpr.passes_modulus11:
                    numbers.append(cpr.value)
                    break
        day += dt.timedelta(days=1)
    return numbers


def citizens_ensure(count: int, sms_share: float) -> list[int]:
    """The benchmark's citizens, registered once through the people service: their ids.
    Every n-th prefers SMS, the rest Digital Post."""
    from borgerrejse.people.models import Citizen
    from borgerrejse.people.services import CitizenData, citizen_bulk_create

    existing = list(
        Citizen.objects.filter(postcode=POSTCODE).order_by("id").values_list("id", flat=True)
    )
    if len(existing) < count:
        every = round(1 / sms_share) if sms_share else 0
        numbers = bench_cpr_numbers(count)[len(existing) :]
        citizen_bulk_create(
            citizens=[
                CitizenData(
                    cpr=number,
                    first_name=FIRST_NAMES[index % len(FIRST_NAMES)],
                    last_name=LAST_NAMES[index % len(LAST_NAMES)],
                    street=f"Benchmarkvej {index % 300 + 1}",
                    postcode=POSTCODE,
                    city="Borgerrejse",
                    municipality_code="999",
                    email=f"borger{index}@example.org",
                    phone=f"2{index:07d}",
                    preferred_channels=(
                        ["sms", "digital_post"]
                        if every and index % every == 0
                        else ["digital_post", "email"]
                    ),
                )
                for index, number in enumerate(numbers, len(existing))
            ]
        )
        existing = list(
            Citizen.objects.filter(postcode=POSTCODE).order_by("id").values_list("id", flat=True)
        )
    return existing[:count]


def outbox_clear(citizen_ids: list[int]) -> None:
    """An empty outbox and mailboxes for the benchmark's citizens; nothing else waiting."""
    from borgerrejse.notifications.models import (
        PENDING_STATUSES,
        LocalDigitalPostMessage,
        LocalSms,
        Message,
    )
    from borgerrejse.people.models import Citizen

    others = Message.objects.filter(status__in=PENDING_STATUSES).exclude(citizen_id__in=citizen_ids)
    if others.exists():
        raise SystemExit(
            f"{others.count():,} other messages wait in this database's outbox; the workers "
            "would deliver them too. Use the benchmark's own database."
        )
    phones = [
        f"+45{phone}"
        for phone in Citizen.objects.filter(pk__in=citizen_ids).values_list("phone", flat=True)
    ]
    Message.objects.filter(citizen_id__in=citizen_ids).delete()
    LocalDigitalPostMessage.objects.filter(citizen_id__in=citizen_ids).delete()
    LocalSms.objects.filter(phone__in=phones).delete()


def messages_queue(count: int, citizen_ids: list[int]) -> float:
    """Queue `count` receipts through the outbox service; the seconds it took."""
    from django.db import transaction

    from borgerrejse.notifications.services import message_queue
    from borgerrejse.people.models import Citizen

    citizens = list(Citizen.objects.filter(pk__in=citizen_ids))
    run = uuid.uuid4().hex[:8]
    started = time.perf_counter()
    for start in range(0, count, QUEUE_BATCH):
        with transaction.atomic():
            for n in range(start, min(start + QUEUE_BATCH, count)):
                number = f"2026-{n + 1:06d}"
                message_queue(
                    citizen=citizens[n % len(citizens)],
                    template="receipt",
                    key=f"bench:{run}:{n}",
                    context=CONTEXT
                    | {"number": number, "url": f"http://127.0.0.1:8000/sager/{number}/"},
                )
    return time.perf_counter() - started


@dataclass
class Round:
    workers: int
    messages: int
    seconds: float
    wall: float
    duplicates: int
    by_channel: dict[str, int]
    per_worker: list[int]

    @property
    def per_second(self) -> float:
        return self.messages / self.seconds


def workers_run(count: int, *, batch: int, environment: dict[str, str]) -> tuple[float, list[int]]:
    """Start `count` workers at once and wait for them to drain the outbox."""
    command = [
        sys.executable, "-m", "borgerrejse", "worker", "--until-empty", "--batch", str(batch),
    ]  # fmt: skip
    started = time.perf_counter()
    processes = [
        subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(count)
    ]
    delivered = []
    for process in processes:
        output, errors = process.communicate()
        if process.returncode != 0:
            raise SystemExit(f"A worker failed:\n{errors.decode()}")
        found = re.search(rb"delivered (\d+)", output)
        delivered.append(int(found[1]) if found else 0)
    return time.perf_counter() - started, delivered


def round_measure(count: int, wall: float, per_worker: list[int]) -> Round:
    from django.db.models import Count, Max, Q

    from borgerrejse.notifications.models import (
        DeliveryAttempt,
        LocalDigitalPostMessage,
        LocalSms,
        Message,
    )

    messages = Message.objects.all()
    undelivered = messages.exclude(status="delivered").count()
    if undelivered:
        raise SystemExit(f"{undelivered:,} messages were not delivered")
    last = messages.aggregate(last=Max("delivered_at"))["last"]
    # From the start of the first delivery to the end of the last: start-up is left out.
    first = DeliveryAttempt.objects.order_by("at").values_list("at", "duration_ms").first()
    assert first is not None and last is not None
    seconds = (last - first[0]).total_seconds() + first[1] / 1000
    provider_entries = LocalDigitalPostMessage.objects.count() + LocalSms.objects.count()
    retried = messages.filter(Q(attempts__gt=1)).count()
    tried_twice = messages.annotate(tries=Count("delivery_attempts")).filter(tries__gt=1).count()
    by_channel = dict(
        messages.values_list("channel").annotate(n=Count("id")).values_list("channel", "n")
    )
    return Round(
        workers=len(per_worker),
        messages=count,
        seconds=seconds,
        wall=wall,
        duplicates=max(provider_entries - count, 0) + retried + tried_twice,
        by_channel=by_channel,
        per_worker=per_worker,
    )


def _standard_library_first() -> None:
    """benchmarks/queue.py is named like the standard library module that Django imports:
    run as a script, this folder comes first on sys.path and would shadow it."""
    here = Path(__file__).resolve().parent
    sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != here]


def main() -> None:
    _standard_library_first()
    arguments = parse_arguments()
    url = database_url(arguments.database_url)
    database_ensure(url)
    environment = worker_environment(url)
    django_setup(environment)
    from django.db import connection

    citizen_ids = citizens_ensure(arguments.citizens, arguments.sms_share)
    print(f"Database: {connection.vendor} ({url.split('@')[-1]})")
    print(
        f"{arguments.messages:,} receipts per round to {len(citizen_ids)} citizens, "
        f"through the local Digital Post and SMS; claims of {arguments.batch}; "
        f"{os.cpu_count()} CPUs, load average "
        + ", ".join(f"{load:.1f}" for load in os.getloadavg())
    )
    rounds = []
    for workers in arguments.workers:
        outbox_clear(citizen_ids)
        queued = messages_queue(arguments.messages, citizen_ids)
        print(
            f"  queued {arguments.messages:,} in {queued:.1f} s "
            f"({arguments.messages / queued:,.0f} per second, message_queue in this process)"
        )
        wall, per_worker = workers_run(workers, batch=arguments.batch, environment=environment)
        result = round_measure(arguments.messages, wall, per_worker)
        rounds.append(result)
        print(
            f"  {workers} worker(s): {result.per_second:,.0f} msgs/s, by worker "
            + ", ".join(f"{n:,}" for n in per_worker)
            + f"; by channel {json.dumps(result.by_channel)}"
        )
    print()
    print(
        f"{'workers':>7}  {'messages':>8}  {'seconds':>7}  {'msgs/s':>7}  {'wall s':>6}  duplicates"
    )
    for result in rounds:
        print(
            f"{result.workers:>7}  {result.messages:>8,}  {result.seconds:>7.1f}  "
            f"{result.per_second:>7,.0f}  {result.wall:>6.1f}  {result.duplicates}"
        )
    if any(result.duplicates for result in rounds):
        sys.exit(1)


if __name__ == "__main__":
    main()
