"""Throughput and latency of `POST /api/v1/cases` with instant decisions, on PostgreSQL.

The database first gets at least `--existing` cases (100,000 by default) spread over the
ten years before this one, with a realistic mix of statuses and one timeline event each,
so that every index and constraint the submission touches is of a realistic size. That
setup is idempotent: a rerun against the same database only tops it up, so it is quick.

Then Django's development server runs in a subprocess (threaded, DEBUG off, the same
database), and a pool of `--concurrency` clients sends `--requests` applications for a
lost health card (`{"reason": "lost"}`: decided at once, with the 225 kr fee), each with
its own Idempotency-Key and a citizen's bearer token. Every answer must be 201 with the
case decided; anything else counts as an error.

    .venv/bin/python benchmarks/submit.py [--database-url postgres://…] [--existing N]
        [--requests N] [--concurrency N] [--mode http|service]

`--mode service` (or a tree without the endpoint) measures `case_submit_answers` in this
process instead, without HTTP, and says so in its output. SQLite is refused: the figures
are meant for the production database.

The server is `runserver`, which opens a thread and a database connection per request;
a production WSGI server with persistent connections does better. On a 2-core machine
the server, PostgreSQL and the clients also share the CPUs.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/borgerrejse_bench"
PROJECT_DIR = Path(__file__).resolve().parent.parent
SEED = 20260302
CASES_PER_CITIZEN = 5
YEARS_OF_HISTORY = 10
API_CITIZENS = 40
SERVICE = "sundhedskort"
ANSWERS: dict[str, Any] = {"reason": "lost"}  # decided at once: the 225 kr fee

# Statuses of old cases, with weights; open ones in earlier years are closed by now.
STATUS_MIX = {
    "decided": 50,
    "closed": 28,
    "awaiting_caseworker": 5,
    "in_review": 5,
    "awaiting_citizen": 2,
    "contested": 1,
    "withdrawn": 4,
    "draft": 5,
}
OPEN = {"awaiting_caseworker", "in_review", "awaiting_citizen", "contested"}
CHANNEL_MIX = {"web": 60, "phone": 15, "desk": 20, "letter": 5}
FIRST_NAMES = [
    "Anne",
    "Lars",
    "Mette",
    "Jens",
    "Sofie",
    "Peter",
    "Kirsten",
    "Henrik",
    "Ida",
    "Mohammed",
    "Fatima",
    "Ole",
]
LAST_NAMES = [
    "Jensen",
    "Nielsen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
]


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--existing", type=int, default=100_000, help="cases before the run")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--mode", choices=["http", "service"], default="http")
    arguments = parser.parse_args()
    scheme = urllib.parse.urlsplit(arguments.database_url).scheme
    if scheme not in {"postgres", "postgresql", "pgsql"}:
        parser.error(f"refusing {scheme or 'this'} database: the benchmark needs PostgreSQL")
    if arguments.requests < 2 or arguments.concurrency < 1:
        parser.error("give at least 2 requests and a concurrency of at least 1")
    return arguments


def database_ensure(url: str) -> None:
    """Create the benchmark database if it does not exist yet."""
    import psycopg
    from psycopg import sql

    parts = urllib.parse.urlsplit(url)
    name = urllib.parse.unquote(parts.path.lstrip("/"))
    maintenance = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created database {name}")


def django_setup(url: str) -> dict[str, str]:
    """Point Django at the benchmark database; returns the environment for the server."""
    os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "borgerrejse.settings")
    import django

    django.setup()
    return dict(os.environ)


def catalogue_publish() -> None:
    from django.conf import settings

    from borgerrejse.catalog.models import PublishedVersionError
    from borgerrejse.catalog.services import service_file_publish

    for path in sorted(Path(settings.SERVICES_DIR).glob("*.yaml")):
        try:
            service_file_publish(path=path)
        except PublishedVersionError as error:
            # An edited file whose version number was not raised: the benchmark database
            # keeps what it has, which is enough to measure with.
            print(f"Kept the published {path.name}: {error}")


def bench_cpr_numbers(count: int) -> list[str]:
    """Distinct, valid CPR numbers of people born 1930-1999 that fail the modulus-11
    check and avoid 1 January, so none can be a real person's (see people/demo.py)."""
    from borgerrejse.people.cpr import CPR

    first, last = dt.date(1930, 1, 2), dt.date(1999, 12, 31)
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    days = [day for day in days if (day.month, day.day) != (1, 1)]
    numbers: list[str] = []
    # Each block of ten serials gives every day one number; 7th digit 1-3: the 1900s.
    for block in range(1000, 4000, 10):
        for day in days:
            for serial in range(block, block + 10):
                cpr = CPR(f"{day:%d%m%y}{serial}")
                if not cpr.passes_modulus11:
                    numbers.append(cpr.value)
                    break
            if len(numbers) == count:
                return numbers
    raise ValueError(f"cannot make {count:,} benchmark CPR numbers")


def citizens_ensure(count: int) -> list[tuple[int, str]]:
    """The benchmark's citizens (created once, through the people service): (id, name)."""
    from borgerrejse.people.cpr import CPR
    from borgerrejse.people.cpr_vault import cpr_lookup_hash
    from borgerrejse.people.models import Citizen
    from borgerrejse.people.services import CitizenData, citizen_bulk_create

    rng = random.Random(SEED)
    numbers = bench_cpr_numbers(count)
    hashes = {cpr_lookup_hash(CPR(number)): number for number in numbers}
    present = set()
    keys = list(hashes)
    for start in range(0, len(keys), 5000):
        chunk = keys[start : start + 5000]
        present |= set(
            Citizen.objects.filter(cpr_hash__in=chunk).values_list("cpr_hash", flat=True)
        )
    missing = [number for key, number in hashes.items() if key not in present]
    if missing:
        started = time.perf_counter()
        batch = [
            CitizenData(
                cpr=number,
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                street=f"Benchmarkvej {index % 300 + 1}",
                postcode="9999",
                city="Borgerrejse",
                municipality_code="999",
                email=f"borger{index}@example.org",
            )
            for index, number in enumerate(missing)
        ]
        for start in range(0, len(batch), 5000):
            citizen_bulk_create(citizens=batch[start : start + 5000])
        print(f"Created {len(missing):,} citizens in {time.perf_counter() - started:.1f} s")
    rows = Citizen.objects.filter(cpr_hash__in=keys).order_by("id")
    return [
        (pk, f"{first} {last}")
        for pk, first, last in rows.values_list("id", "first_name", "last_name")
    ]


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _plausible_answers(definition: Any) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for form_field in definition.form.fields():
        match form_field.type.value:
            case "choice":
                answers[form_field.name] = next(iter(form_field.options))
            case "date":
                answers[form_field.name] = "2015-05-04"
            case "money":
                answers[form_field.name] = "25000"
            case "integer":
                answers[form_field.name] = 3
            case "boolean":
                answers[form_field.name] = True
            case _:
                answers[form_field.name] = "Et almindeligt svar"
    return answers


def cases_ensure(target: int, citizens: list[tuple[int, str]]) -> None:
    """Top the database up to `target` cases with COPY, numbered in the years before this."""
    from django.db import connection, transaction
    from django.utils import timezone
    from psycopg.types.json import Jsonb

    from borgerrejse.cases.models import Case, CaseNumberSequence, TimelineEvent
    from borgerrejse.catalog.models import ServiceVersion
    from borgerrejse.catalog.selectors import service_definition

    existing = Case.objects.count()
    missing = target - existing
    if missing <= 0:
        return
    started = time.perf_counter()
    rng = random.Random(SEED + existing)
    versions = [(version, service_definition(version)) for version in ServiceVersion.objects.all()]
    shapes = [
        (
            version,
            definition.department.value,
            definition.form.steps[-1].id,
            _plausible_answers(definition),
        )
        for version, definition in versions
    ]
    this_year = timezone.localdate().year
    years = list(range(this_year - YEARS_OF_HISTORY, this_year))
    last_number = dict(
        CaseNumberSequence.objects.filter(year__in=years).values_list("year", "last")
    )
    tz = timezone.get_current_timezone()
    columns = [
        "public_id", "number", "citizen_id", "service_version_id", "service_slug", "department",
        "status", "intake_channel", "actor_kind", "actor_name", "answers", "current_step",
        "decision_preference", "idempotency_key", "priority", "priority_reasons", "due_date",
        "handler_id", "evaluation", "evaluation_error", "contest_reason", "created_at",
        "updated_at", "submitted_at", "decided_at",
    ]  # fmt: skip
    rows = []
    for _ in range(missing):
        year = rng.choice(years)
        status = _weighted(rng, STATUS_MIX)
        if status in OPEN and year < this_year - 1:
            status = "closed"
        created = dt.datetime(year, 1, 1, 7, tzinfo=tz) + dt.timedelta(
            days=rng.randrange(365), seconds=rng.randrange(12 * 3600)
        )
        citizen_id, name = rng.choice(citizens)
        version, department, last_step, answers = rng.choice(shapes)
        number = None
        submitted = decided = due = None
        if status != "draft":
            last_number[year] = last_number.get(year, 0) + 1
            number = f"{year}-{last_number[year]:06d}"
            submitted = created + dt.timedelta(minutes=rng.randrange(1, 90))
            due = submitted.date() + dt.timedelta(days=rng.randrange(0, 30))
        if status in {"decided", "closed", "contested"}:
            assert submitted is not None
            decided = submitted + dt.timedelta(days=rng.randrange(0, 25), minutes=1)
        rows.append(
            (
                uuid.UUID(int=rng.getrandbits(128), version=4),
                number,
                citizen_id,
                version.pk,
                version.slug,
                department,
                status,
                _weighted(rng, CHANNEL_MIX),
                "citizen",
                name,
                Jsonb(answers),
                last_step,
                "" if status == "draft" else rng.choice(["instant", "caseworker"]),
                None,
                0,
                Jsonb([]),
                due,
                None,
                None,
                "",
                "",
                created,
                decided or submitted or created,
                submitted,
                decided,
            )
        )
    case_table = Case._meta.db_table
    event_table = TimelineEvent._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {case_table}")  # noqa: S608
        (before,) = cursor.fetchone()
        copy_sql = f"COPY {case_table} ({', '.join(columns)}) FROM STDIN"
        with cursor.cursor.copy(copy_sql) as copy:
            for row in rows:
                copy.write_row(row)
        # One event per case: the one that put it in its present status.
        cursor.execute(
            f"""
            INSERT INTO {event_table} (case_id, at, kind, status_from, status_to, actor_kind,
                actor_name, channel, data, visible_to_citizen)
            SELECT id, coalesce(decided_at, submitted_at, created_at),
                CASE status
                    WHEN 'draft' THEN 'started'
                    WHEN 'decided' THEN 'decided'
                    WHEN 'awaiting_caseworker' THEN 'referred'
                    WHEN 'contested' THEN 'contested'
                    WHEN 'withdrawn' THEN 'withdrawn'
                    ELSE 'status_changed'
                END,
                '', status,
                CASE WHEN status IN ('draft', 'withdrawn', 'contested') THEN 'citizen'
                     ELSE 'staff' END,
                '', intake_channel, '{{}}'::jsonb, true
            FROM {case_table} WHERE id > %s
            """,  # noqa: S608 - table names from the models, values as parameters
            [before],
        )
        sequence_table = CaseNumberSequence._meta.db_table
        cursor.executemany(
            f"""
            INSERT INTO {sequence_table} (year, last) VALUES (%s, %s)
            ON CONFLICT (year) DO UPDATE SET last = greatest({sequence_table}.last, EXCLUDED.last)
            """,  # noqa: S608
            list(last_number.items()),
        )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {case_table}")
        cursor.execute(f"ANALYZE {event_table}")
    print(f"Created {missing:,} cases in {time.perf_counter() - started:.1f} s")


def tokens_create(citizens: list[tuple[int, str]]) -> list[tuple[Any, str]]:
    from borgerrejse.identity.services import api_token_create
    from borgerrejse.people.models import Citizen

    chosen = Citizen.objects.filter(pk__in=[pk for pk, _ in citizens[:API_CITIZENS]])
    return [api_token_create(citizen=citizen, lifetime=dt.timedelta(hours=2)) for citizen in chosen]


def tokens_revoke(tokens: list[tuple[Any, str]]) -> None:
    from borgerrejse.identity.services import api_token_revoke

    for token, _ in tokens:
        api_token_revoke(token=token)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def server_running(environment: dict[str, str]) -> Iterator[str]:
    """`runserver` in a subprocess on a free port, stopped again on the way out."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "borgerrejse", "runserver", f"127.0.0.1:{port}", "--noreload"]
    with tempfile.NamedTemporaryFile(
        prefix="borgerrejse-bench-", suffix=".log", delete=False
    ) as log:
        server = subprocess.Popen(command, env=environment, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_for(server, f"{base}/api/v1/services", log.name)
            yield base
        except BaseException:
            print(f"The server's log is in {log.name}")
            raise
        else:
            Path(log.name).unlink()
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _wait_for(server: subprocess.Popen[bytes], url: str, log_name: str) -> None:
    deadline = time.monotonic() + 60
    while True:
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped at start; see {log_name}")
        try:
            # Only ever http://127.0.0.1: the server started above.
            with urllib.request.urlopen(url, timeout=2) as answer:  # noqa: S310
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"the server did not answer; see {log_name}")
        time.sleep(0.2)


@dataclass
class Result:
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _check_case(status: int, body: dict[str, Any]) -> str | None:
    decisions = body.get("decisions") or [{}]
    if status != 201 or body.get("status") != "decided":
        return f"{status} {body.get('status')}: {json.dumps(body)[:300]}"
    if decisions[0].get("outcome") != "granted":
        return f"outcome {decisions[0].get('outcome')}"
    return None


def http_submit(base: str, plaintext: str) -> tuple[float, str | None]:
    request = urllib.request.Request(  # noqa: S310 - http://127.0.0.1, our own server
        f"{base}/api/v1/cases",
        data=json.dumps(
            {"service": SERVICE, "answers": ANSWERS, "decision_preference": "instant"}
        ).encode(),
        method="POST",
        headers={
            "Authorization": f"Bearer {plaintext}",
            "Idempotency-Key": str(uuid.uuid4()),
            "Content-Type": "application/json",
            "Accept": "application/json",
            "Accept-Language": "da",
        },
    )
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310
            status, payload = answer.status, answer.read()
    except urllib.error.HTTPError as error:
        status, payload = error.code, error.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
        return (time.perf_counter() - started) * 1000, f"no answer: {error}"
    elapsed = (time.perf_counter() - started) * 1000
    try:
        body = json.loads(payload)
    except ValueError:
        return elapsed, f"{status}: not JSON: {payload[:200]!r}"
    return elapsed, _check_case(status, body)


def service_submitter() -> Callable[[Any], tuple[float, str | None]]:
    """The same submission without HTTP: `case_submit_answers` as the endpoint calls it."""
    from django.db import connection
    from django.utils import timezone

    from borgerrejse.cases.models import Channel, DecisionPreference, Status
    from borgerrejse.cases.services import Actor, case_submit_answers
    from borgerrejse.catalog.selectors import service_version_get

    version = service_version_get(slug=SERVICE, on=timezone.localdate())

    def submit(citizen: Any) -> tuple[float, str | None]:
        started = time.perf_counter()
        try:
            case, created = case_submit_answers(
                citizen=citizen,
                service_version=version,
                answers=dict(ANSWERS),
                decision_preference=DecisionPreference.INSTANT,
                channel=Channel.WEB,
                actor=Actor.for_citizen(citizen),
                idempotency_key=str(uuid.uuid4()),
            )
            outcome = case.decisions.values_list("outcome", flat=True).first()
        except Exception as error:  # a benchmark counts every failure, whatever it is
            connection.close()
            return (time.perf_counter() - started) * 1000, f"{type(error).__name__}: {error}"
        elapsed = (time.perf_counter() - started) * 1000
        if not created or case.status != Status.DECIDED or outcome != "granted":
            return elapsed, f"created={created} status={case.status} outcome={outcome}"
        return elapsed, None

    return submit


def run(
    submit: Callable[[Any], tuple[float, str | None]],
    clients: list[Any],
    requests: int,
    concurrency: int,
) -> tuple[Result, float]:
    result = Result()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        started = time.perf_counter()
        answers = pool.map(submit, (clients[i % len(clients)] for i in range(requests)))
        for elapsed, error in answers:
            result.latencies_ms.append(elapsed)
            if error is not None:
                result.errors.append(error)
        wall = time.perf_counter() - started
    return result, wall


def report(
    *, label: str, existing: int, requests: int, concurrency: int, result: Result, wall: float
) -> None:
    cuts = statistics.quantiles(result.latencies_ms, n=100, method="inclusive")
    print()
    print(label)
    print(f"  existing cases       {existing:,}")
    print(f"  requests             {requests:,}")
    print(f"  concurrency          {concurrency}")
    print(f"  throughput           {requests / wall:.1f} req/s ({wall:.1f} s)")
    print(f"  latency p50          {cuts[49]:.1f} ms")
    print(f"  latency p95          {cuts[94]:.1f} ms")
    print(f"  latency p99          {cuts[98]:.1f} ms")
    print(f"  errors               {len(result.errors)}")
    for error in list(dict.fromkeys(result.errors))[:5]:
        print(f"    {error}")


def endpoint_exists() -> bool:
    from django.urls import Resolver404, resolve

    try:
        return resolve("/api/v1/cases").url_name == "case-list"
    except Resolver404:
        return False


def main() -> None:
    arguments = parse_arguments()
    database_ensure(arguments.database_url)
    environment = django_setup(arguments.database_url)
    from django.core.management import call_command
    from django.db import connection

    from borgerrejse.cases.models import Case

    call_command("migrate", verbosity=0, interactive=False)
    catalogue_publish()
    citizens = citizens_ensure(max(arguments.existing // CASES_PER_CITIZEN, API_CITIZENS))
    cases_ensure(arguments.existing, citizens)
    existing = Case.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        (server_version,) = cursor.fetchone()
    print(f"PostgreSQL {server_version}, database {connection.settings_dict['NAME']}")

    mode = arguments.mode
    if mode == "http" and not endpoint_exists():
        print("POST /api/v1/cases is not in this tree: measuring the service instead.")
        mode = "service"
    tokens = tokens_create(citizens)
    try:
        if mode == "http":
            warm_up = max(arguments.requests // 20, arguments.concurrency)
            # The server's definition caches and connections warm up before the clock runs.
            plaintexts = [plaintext for _, plaintext in tokens]
            with server_running(environment) as base:
                run(
                    lambda secret: http_submit(base, secret),
                    plaintexts,
                    warm_up,
                    arguments.concurrency,
                )
                result, wall = run(
                    lambda secret: http_submit(base, secret),
                    plaintexts,
                    arguments.requests,
                    arguments.concurrency,
                )
            label = (
                "POST /api/v1/cases over HTTP (runserver, threaded, DEBUG off), instant decisions"
            )
        else:
            submit = service_submitter()
            clients = [token.citizen for token, _ in tokens]
            run(
                submit,
                clients,
                max(arguments.requests // 20, arguments.concurrency),
                arguments.concurrency,
            )
            result, wall = run(submit, clients, arguments.requests, arguments.concurrency)
            label = "SERVICE LEVEL, no HTTP: case_submit_answers in-process, instant decisions"
    finally:
        tokens_revoke(tokens)
    report(
        label=label,
        existing=existing,
        requests=arguments.requests,
        concurrency=arguments.concurrency,
        result=result,
        wall=wall,
    )
    if result.errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
