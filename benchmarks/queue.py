"""p50/p95 server time of the caseworker's queue page and of "take next", on PostgreSQL
with a million cases, 200,000 of them open.

Setup, done once per database (a rerun finds the cases there and skips it):

- the catalogue is published and the demo staff made (`staff.demo`);
- `--citizens` citizens are registered through the people service in bulk;
- `--cases` cases are written with PostgreSQL COPY, each with one timeline event. Of
  them, `--open` are open: awaiting a caseworker or contested (no handler, so in a
  queue), in review or awaiting the citizen (with a demo caseworker as handler). The
  rest are decided or closed, spread over the ten years before. Departments, services,
  channels, priorities (the priority policy's points) and due dates are spread as a
  municipality sees them; open cases carry the rules' evaluation for their service, as
  referred cases do. `CaseNumberSequence` is moved past every number used.

Then, logged in as a demo caseworker (`--caseworker`, OTP-verified the way the staff
login does it), in this process with Django's test client:

- the workbench's queue page (`workbench:queue`), and the staff API's queue
  (`GET /api/v1/staff/queue`), each `--iterations` times after a warm-up: p50/p95 of the
  whole request, and the queries per page;
- "take next": `case_claim_next` `--iterations` times; the claimed cases are put back in
  the queue afterwards (through `case_transition`), so the next run finds the same queue;
- EXPLAIN ANALYZE of the queue page's queries.

    .venv/bin/python benchmarks/queue.py [--database-url postgres://…] [--iterations N]

SQLite is refused: the figures are meant for the production database. The target is a
p95 under 100 ms for both.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
import urllib.parse
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/borgerrejse_queue_bench"
SEED = 20261123
TARGET_MS = 100.0
YEARS_OF_HISTORY = 10
BATCH = 5000
DEFAULT_CASEWORKER = "mette.ydelse"

# Share of all cases, and of the open ones, by service: self-service cards and moves are
# the volume, single benefits and aids are what stays open with a caseworker.
SERVICE_MIX = {
    "sundhedskort": (25, 8),
    "flytning": (20, 12),
    "pas": (15, 8),
    "fritagelse-digital-post": (3, 4),
    "begravelseshjaelp": (5, 10),
    "enkeltydelse": (12, 28),
    "hjaelpemiddel-genanskaffelse": (12, 22),
    "briller-barn": (8, 8),
}
OPEN_STATUS_MIX = {
    "awaiting_caseworker": 45,
    "contested": 5,
    "in_review": 35,
    "awaiting_citizen": 15,
}
CLOSED_STATUS_MIX = {"decided": 40, "closed": 60}
CHANNEL_MIX = {"web": 60, "phone": 12, "desk": 20, "letter": 5, "email": 3}
STAKES_POINTS = {"high": 30, "medium": 15, "low": 0}
VULNERABLE_SHARE = 0.08
FIRST_NAMES = ["Anne", "Lars", "Mette", "Jens", "Sofie", "Peter", "Kirsten", "Henrik", "Ida"]
LAST_NAMES = ["Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Larsen", "Sørensen"]


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--open", type=int, default=200_000)
    parser.add_argument("--citizens", type=int, default=100_000)
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--caseworker", default=DEFAULT_CASEWORKER, help="a demo username")
    arguments = parser.parse_args()
    scheme = urllib.parse.urlsplit(arguments.database_url).scheme
    if scheme not in {"postgres", "postgresql", "pgsql"}:
        parser.error(f"refusing {scheme or 'this'} database: the benchmark needs PostgreSQL")
    if not 0 < arguments.open <= arguments.cases:
        parser.error("--open must be between 1 and --cases")
    return arguments


# Setup


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


def django_setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "borgerrejse.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def catalogue_and_staff_ensure() -> None:
    from django.conf import settings

    from borgerrejse.catalog.models import PublishedVersionError
    from borgerrejse.catalog.services import service_file_publish
    from borgerrejse.staff.demo import staff_demo_create

    for path in sorted(Path(settings.SERVICES_DIR).glob("*.yaml")):
        try:
            service_file_publish(path=path)
        except PublishedVersionError as error:
            print(f"Kept the published {path.name}: {error}")
    staff_demo_create()


def bench_cpr_numbers(count: int) -> list[str]:
    """Distinct CPR numbers of people born 1930-1999 that fail the modulus-11 check and
    avoid 1 January, so none can be a real person's (see people/demo.py)."""
    from borgerrejse.people.cpr import CPR

    first, last = dt.date(1930, 1, 2), dt.date(1999, 12, 31)
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    days = [day for day in days if (day.month, day.day) != (1, 1)]
    numbers: list[str] = []
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


def citizens_ensure(count: int) -> list[int]:
    """The benchmark's citizens, registered once through the people service: their ids."""
    from borgerrejse.people.models import Citizen
    from borgerrejse.people.services import CitizenData, citizen_bulk_create

    existing = list(
        Citizen.objects.filter(postcode="9999").order_by("id").values_list("id", flat=True)
    )
    if len(existing) >= count:
        return existing[:count]
    started = time.perf_counter()
    rng = random.Random(SEED)
    numbers = bench_cpr_numbers(count)[len(existing) :]
    for start in range(0, len(numbers), BATCH):
        citizen_bulk_create(
            citizens=[
                CitizenData(
                    cpr=number,
                    first_name=rng.choice(FIRST_NAMES),
                    last_name=rng.choice(LAST_NAMES),
                    street=f"Benchmarkvej {index % 300 + 1}",
                    postcode="9999",
                    city="Borgerrejse",
                    municipality_code="999",
                )
                for index, number in enumerate(numbers[start : start + BATCH], start)
            ]
        )
    print(f"Registered {len(numbers):,} citizens in {time.perf_counter() - started:.1f} s")
    return list(Citizen.objects.filter(postcode="9999").order_by("id").values_list("id", flat=True))


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


class ServiceShape:
    """What every benchmark case of one service has in common."""

    def __init__(self, version: Any, handlers: list[int]) -> None:
        from borgerrejse.catalog.selectors import compiled_rules, service_definition

        definition = service_definition(version)
        self.version_id = version.pk
        self.slug = version.slug
        self.department = definition.department.value
        self.stakes_points = STAKES_POINTS[definition.stakes.value]
        self.stakes_reason = {30: ["high_stakes"], 15: ["medium_stakes"], 0: []}[self.stakes_points]
        self.last_step = definition.form.steps[-1].id
        answers = _plausible_answers(definition)
        self.answers = json.dumps(answers)
        evaluation = compiled_rules(version).evaluate(answers, on=dt.date(2026, 1, 5))
        self.evaluation = json.dumps(evaluation.as_dict("da"), default=str)
        self.handlers = handlers


def service_shapes() -> dict[str, ServiceShape]:
    from borgerrejse.catalog.selectors import service_versions_all
    from borgerrejse.staff.demo import DEMO_STAFF
    from borgerrejse.staff.models import StaffMember

    members = StaffMember.objects.filter(user__username__in=list(DEMO_STAFF))
    shapes = {}
    for version in service_versions_all():
        if version.slug in shapes or version.slug not in SERVICE_MIX:
            continue
        handlers = [m.user_id for m in members if m.may("claim") and m.has_skill(version.slug)]
        shapes[version.slug] = ServiceShape(version, handlers)
    return shapes


COLUMNS = [
    "public_id", "number", "citizen_id", "service_version_id", "service_slug", "department",
    "status", "intake_channel", "actor_kind", "actor_name", "answers", "current_step",
    "decision_preference", "priority", "priority_reasons", "due_date", "handler_id",
    "evaluation", "evaluation_error", "contest_reason", "clock_stopped_on", "created_at",
    "updated_at", "submitted_at", "decided_at",
]  # fmt: skip


def case_rows(
    *, total: int, open_count: int, citizens: list[int], shapes: dict[str, ServiceShape]
) -> Iterator[tuple[Any, ...]]:
    """Every case, oldest year first; the open ones are from the last three months."""
    from django.utils import timezone

    rng = random.Random(SEED)
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    now = timezone.now()
    years = list(range(today.year - YEARS_OF_HISTORY, today.year))
    all_mix = {slug: weights[0] for slug, weights in SERVICE_MIX.items()}
    open_mix = {slug: weights[1] for slug, weights in SERVICE_MIX.items()}
    closed = total - open_count
    # Closed cases spread evenly over the years; open ones come last, in this year.
    plan = [(years[i * len(years) // closed], False) for i in range(closed)]
    plan += [(today.year, True) for _ in range(open_count)]
    numbers: dict[int, int] = {}
    for year, is_open in plan:
        shape = shapes[_weighted(rng, open_mix if is_open else all_mix)]
        channel = _weighted(rng, CHANNEL_MIX)
        vulnerable = rng.random() < VULNERABLE_SHARE
        reasons = [*shape.stakes_reason]
        if vulnerable:
            reasons.append("vulnerable_citizen")
        if channel == "web":
            reasons.append("self_service")
        priority = shape.stakes_points + 20 * vulnerable + 5 * (channel == "web")
        if is_open:
            status = _weighted(rng, OPEN_STATUS_MIX)
            submitted = now - dt.timedelta(
                days=rng.betavariate(1.2, 4) * 90, seconds=rng.randrange(3600)
            )
            # Mostly due in the coming weeks; some already overdue.
            due = today + dt.timedelta(days=round(rng.gauss(12, 14)))
            decided = None
        else:
            status = _weighted(rng, CLOSED_STATUS_MIX)
            submitted = dt.datetime(year, 1, 1, 7, tzinfo=tz) + dt.timedelta(
                days=rng.randrange(360), seconds=rng.randrange(10 * 3600)
            )
            due = submitted.date() + dt.timedelta(days=rng.randrange(0, 30))
            decided = submitted + dt.timedelta(days=rng.randrange(0, 25), minutes=5)
        numbers[year] = numbers.get(year, 0) + 1
        has_handler = status in {"in_review", "awaiting_citizen"} or (
            not is_open and channel != "web"
        )
        handler = rng.choice(shape.handlers) if has_handler and shape.handlers else None
        yield (
            uuid.UUID(int=rng.getrandbits(128), version=4),
            f"{year}-{numbers[year]:06d}",
            rng.choice(citizens),
            shape.version_id,
            shape.slug,
            shape.department,
            status,
            channel,
            "citizen",
            "",
            shape.answers,
            shape.last_step,
            rng.choice(["instant", "caseworker"]),
            priority,
            json.dumps(reasons),
            due,
            handler,
            shape.evaluation if is_open else None,
            "",
            "Jeg er uenig i afgørelsen." if status == "contested" else "",
            submitted.date() if status == "awaiting_citizen" else None,
            submitted - dt.timedelta(minutes=20),
            decided or submitted,
            submitted,
            decided if decided else (submitted if status == "contested" else None),
        )


def cases_ensure(*, total: int, open_count: int, citizens: list[int]) -> None:
    """Write the cases with COPY, one timeline event each, unless they are there already."""
    from django.db import connection, transaction

    from borgerrejse.cases.models import Case, CaseNumberSequence, TimelineEvent

    existing = Case.objects.count()
    if existing >= total:
        print(f"Found {existing:,} cases: loading skipped")
        return
    if existing:
        raise SystemExit(
            f"The database has {existing:,} cases, not {total:,}: use a fresh database."
        )
    started = time.perf_counter()
    shapes = service_shapes()
    case_table = Case._meta.db_table
    event_table = TimelineEvent._meta.db_table
    sequence_table = CaseNumberSequence._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        copy_sql = f"COPY {case_table} ({', '.join(COLUMNS)}) FROM STDIN"
        with cursor.cursor.copy(copy_sql) as copy:
            for row in case_rows(
                total=total, open_count=open_count, citizens=citizens, shapes=shapes
            ):
                copy.write_row(row)
        loaded = time.perf_counter()
        print(f"Copied {total:,} cases in {loaded - started:.1f} s")
        # One event per case: the one that put it in its present status.
        cursor.execute(
            f"""
            INSERT INTO {event_table} (case_id, at, kind, status_from, status_to, actor_kind,
                actor_name, channel, data, visible_to_citizen)
            SELECT id, updated_at,
                CASE status
                    WHEN 'decided' THEN 'decided'
                    WHEN 'closed' THEN 'closed'
                    WHEN 'awaiting_caseworker' THEN 'referred'
                    WHEN 'contested' THEN 'contested'
                    WHEN 'in_review' THEN 'claimed'
                    WHEN 'awaiting_citizen' THEN 'information_requested'
                    ELSE 'status_changed'
                END,
                '', status,
                CASE WHEN status = 'contested' THEN 'citizen' ELSE 'staff' END,
                '', intake_channel, '{{}}'::jsonb, true
            FROM {case_table}
            """  # noqa: S608 - table names from the models
        )
        cursor.execute(
            f"""
            INSERT INTO {sequence_table} (year, last)
            SELECT split_part(number, '-', 1)::int, max(split_part(number, '-', 2)::int)
            FROM {case_table} WHERE number IS NOT NULL GROUP BY 1
            ON CONFLICT (year) DO UPDATE SET last = greatest({sequence_table}.last, EXCLUDED.last)
            """  # noqa: S608
        )
        print(f"Wrote the timeline and case numbers in {time.perf_counter() - loaded:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {case_table}")
        cursor.execute(f"VACUUM ANALYZE {event_table}")
    print(f"Loaded {total:,} cases in {time.perf_counter() - started:.1f} s")


# Measuring


def percentiles(timings: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(timings, n=100, method="inclusive")
    return cuts[49], cuts[94]


def measure(call: Callable[[], Any], *, iterations: int, warmup: int) -> list[float]:
    for _ in range(warmup):
        call()
    timings = []
    for _ in range(iterations):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def logged_in_client(username: str) -> Any:
    """A test client with the demo person's session, OTP-verified as `staff_login` leaves it."""
    from django.test import Client
    from django.utils import timezone
    from django_otp import DEVICE_ID_SESSION_KEY  # type: ignore[import-untyped]
    from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]

    from borgerrejse.staff.access import SESSION_LOGGED_IN_AT
    from borgerrejse.staff.models import StaffMember

    member = StaffMember.objects.select_related("user").get(user__username=username)
    device = TOTPDevice.objects.get(user=member.user, confirmed=True)
    client = Client(HTTP_HOST="localhost")
    client.force_login(member.user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[SESSION_LOGGED_IN_AT] = timezone.now().isoformat()
    session.save()
    return client


def page_queries(client: Any, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


def measure_page(client: Any, url: str, label: str, arguments: argparse.Namespace) -> float:
    def get() -> None:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    queries = page_queries(client, url)
    p50, p95 = percentiles(measure(get, iterations=arguments.iterations, warmup=arguments.warmup))
    print(f"  {label:<44} p50 {p50:6.1f} ms   p95 {p95:6.1f} ms   {queries} queries")
    return p95


def measure_take_next(username: str, arguments: argparse.Namespace) -> float:
    from django.contrib.auth.models import User

    from borgerrejse.cases.models import Channel, Status
    from borgerrejse.cases.services import case_claim_next, case_transition
    from borgerrejse.staff.models import StaffMember

    member = StaffMember.objects.select_related("user").get(user__username=username)
    user: User = member.user
    claimed = []

    def take_next() -> None:
        case = case_claim_next(user=user, departments=member.departments, services=member.skills)
        assert case is not None, "the queue ran dry"
        claimed.append(case)

    try:
        timings = measure(take_next, iterations=arguments.iterations, warmup=arguments.warmup)
    finally:
        # Back in the queue, through the state machine, so a rerun finds the same queue.
        for case in claimed:
            case_transition(
                case=case,
                to=Status.AWAITING_CASEWORKER,
                actor=_bench_actor(),
                channel=Channel.SYSTEM,
                handler=None,
            )
    p50, p95 = percentiles(timings)
    print(f"  {'take next (case_claim_next)':<44} p50 {p50:6.1f} ms   p95 {p95:6.1f} ms")
    return p95


def _bench_actor() -> Any:
    from borgerrejse.cases.models import ActorKind
    from borgerrejse.cases.services import Actor

    return Actor(ActorKind.STAFF, "benchmarks/queue.py")


def explain(client: Any, url: str, username: str) -> None:
    """EXPLAIN ANALYZE of the case queries behind one queue page and one "take next",
    exactly as Django sent them."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from borgerrejse.cases.services import case_claim_next
    from borgerrejse.staff.models import StaffMember

    with CaptureQueriesContext(connection) as page:
        client.get(url)
    member = StaffMember.objects.select_related("user").get(user__username=username)
    with transaction.atomic():
        with CaptureQueriesContext(connection) as claim:
            case_claim_next(
                user=member.user, departments=member.departments, services=member.skills
            )
        queries = [(f"queue page {url}", query["sql"]) for query in page.captured_queries]
        queries += [("take next", query["sql"]) for query in claim.captured_queries[:2]]
        for label, sql in queries:
            if not sql.startswith("SELECT") or '"cases_case"' not in sql.split("WHERE")[0]:
                continue
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
                plan = [row[0] for row in cursor.fetchall()]
            print(f"\nEXPLAIN ANALYZE, {label}:\n    {sql[:300]}{'…' if len(sql) > 300 else ''}")
            print(_indented("\n".join(plan)))
        transaction.set_rollback(True)  # the claim above, and its locks


def _indented(text: str) -> str:
    return "\n".join(f"    {line}" for line in text.splitlines())


def _standard_library_queue_first() -> None:
    """This file is called queue.py, like the standard library module that psycopg and
    Django import: run as a script, its folder comes first on sys.path and would shadow it."""
    here = Path(__file__).resolve().parent
    sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != here]


def main() -> None:
    _standard_library_queue_first()
    arguments = parse_arguments()
    database_ensure(arguments.database_url)
    django_setup(arguments.database_url)
    catalogue_and_staff_ensure()
    citizens = citizens_ensure(arguments.citizens)
    cases_ensure(total=arguments.cases, open_count=arguments.open, citizens=citizens)

    from django.urls import NoReverseMatch, reverse

    from borgerrejse.cases.models import Case

    username = arguments.caseworker
    client = logged_in_client(username)
    queue_size = Case.objects.filter(
        status__in=["awaiting_caseworker", "contested"], handler__isnull=True
    ).count()
    print()
    print(f"Cases: {Case.objects.count():,}; waiting in a queue: {queue_size:,}")
    print(
        "Server time in this process: Django's test client through every middleware, the "
        "view and its rendering; no network. Load average now: "
        + ", ".join(f"{load:.1f}" for load in os.getloadavg())
    )
    print(
        f"As {username}, {arguments.iterations} requests each after {arguments.warmup} to warm up:"
    )
    worst = []
    try:
        workbench = reverse("workbench:queue")
    except NoReverseMatch:
        print("  (the workbench has no queue page yet: only the API queue is measured)")
    else:
        worst.append(
            measure_page(client, workbench, f"queue page (workbench, GET {workbench})", arguments)
        )
    worst.append(
        measure_page(
            client, "/api/v1/staff/queue", "queue page (API, GET /api/v1/staff/queue)", arguments
        )
    )
    worst.append(measure_take_next(username, arguments))
    verdict = "meets" if max(worst) < TARGET_MS else "MISSES"
    print(f"Worst p95: {max(worst):.1f} ms, which {verdict} the {TARGET_MS:.0f} ms target.")
    explain(client, "/api/v1/staff/queue", username)


if __name__ == "__main__":
    main()
