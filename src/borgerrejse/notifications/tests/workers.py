"""Real worker processes for the fault tests: `borgerrejse worker` in a subprocess, on the
test database.

The subprocess must see the rows the test wrote, so the tests that use it run with
`transaction=True`. On PostgreSQL it connects to the test database by name. SQLite's test
database lives in this process's memory, so `SharedDatabase.share` copies it into a file for
the workers with SQLite's backup API and `collect` copies the file back when they are
done; the test then reads the outcome through the ORM as usual.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import connection

from borgerrejse.notifications.tests.provider import PROVIDER

# Generous: the suite runs in parallel on small machines.
WORKER_TIMEOUT = 120.0


class SharedDatabase:
    """The test database where worker subprocesses can reach it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.file = folder / "outbox.sqlite3"
        self.is_sqlite = connection.vendor == "sqlite"

    def share(self) -> None:
        """Make what the test wrote so far visible to worker processes."""
        if self.is_sqlite:
            connection.ensure_connection()
            with _sqlite(self.file) as target:
                connection.connection.backup(target)

    def collect(self) -> None:
        """Bring back what the workers wrote, for the ORM to read."""
        if self.is_sqlite:
            with _sqlite(self.file) as source:
                source.backup(connection.connection)

    @property
    def url(self) -> str:
        if self.is_sqlite:
            return f"sqlite:///{self.file}"
        db = connection.settings_dict
        password = urllib.parse.quote(db["PASSWORD"] or "", safe="")
        user = urllib.parse.quote(db["USER"] or "", safe="")
        credentials = f"{user}:{password}@" if password else f"{user}@" if user else ""
        return f"postgres://{credentials}{db['HOST'] or ''}:{db['PORT'] or 5432}/{db['NAME']}"

    def messages_make_due(self) -> None:
        """Every message due now: for holding messages back until the workers are up."""
        sql = "UPDATE notifications_message SET available_at = '2000-01-01 00:00:00{}'"
        if self.is_sqlite:
            with _sqlite(self.file) as database:
                database.execute(sql.format(""))
                database.commit()
        else:
            with connection.cursor() as cursor:
                cursor.execute(sql.format("+00"))

    def scalar(self, sql: str) -> Any:
        """One value, read the way a watching operator would: from outside the workers."""
        if self.is_sqlite:
            with _sqlite(self.file) as database:
                return database.execute(sql).fetchone()[0]
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchone()[0]


class _sqlite:
    def __init__(self, path: Path) -> None:
        self.database = sqlite3.connect(path, timeout=30)

    def __enter__(self) -> sqlite3.Connection:
        return self.database

    def __exit__(self, *exc: object) -> None:
        self.database.close()


def worker_start(
    database: SharedDatabase,
    *arguments: str,
    log: Path,
    faults: dict[str, Any] | None = None,
    lease_seconds: int = 2,
) -> subprocess.Popen[bytes]:
    """`borgerrejse worker …` against the shared database, Digital Post through the
    recording provider."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "borgerrejse.settings",
        "DATABASE_URL": database.url,
        "DIGITAL_POST_ADAPTER": PROVIDER,
        "NOTIFICATION_FAULTS": json.dumps({"digital_post": faults or {}}),
        "NOTIFICATION_LEASE_SECONDS": str(lease_seconds),
        "CONN_MAX_AGE": "0",
        "LOG_LEVEL": "INFO",  # "Outbox worker started" tells the tests it is up
    }
    with log.open("ab") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "borgerrejse", "worker", "--idle-seconds", "0.1", *arguments],
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def wait_for(condition: Callable[[], bool], *, what: str, timeout: float = WORKER_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.01)


def worker_started(log: Path) -> bool:
    return log.exists() and "Outbox worker started" in log.read_text()


def worker_finish(process: subprocess.Popen[bytes], log: Path) -> str:
    """Wait for a worker to exit (by itself, or after SIGTERM); its output."""
    try:
        process.wait(timeout=WORKER_TIMEOUT)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            process.wait()
    output = log.read_text()
    assert process.returncode == 0, output
    return output
