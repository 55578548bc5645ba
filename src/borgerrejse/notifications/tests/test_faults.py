"""The outbox under faults: a provider that is down for a while, one that fails for 48
hours, a worker killed mid-delivery, and two workers draining the same outbox.

In every case each message reaches the provider exactly once. The provider's idempotency
(a repeat with the same key is the same message) is what makes a retry after a crash safe;
the claim-level assertions check that it is not also hiding a double claim.
"""

import datetime as dt
import itertools
import random
import re
import signal
import time

import pytest
import time_machine
from django.db.models import Count, Q
from django.utils import timezone

from borgerrejse.notifications.delivery import RETRY_FOR, adapter_for
from borgerrejse.notifications.models import (
    DeliveryAttempt,
    LocalDigitalPostMessage,
    Message,
    MessageStatus,
)
from borgerrejse.notifications.tests.provider import (
    notices_queue,
    provider_counts,
    use_provider,
)
from borgerrejse.notifications.tests.workers import (
    SharedDatabase,
    wait_for,
    worker_finish,
    worker_start,
    worker_started,
)
from borgerrejse.notifications.worker import Worker
from borgerrejse.people.tests.factories import CitizenFactory

START = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _adapters_afresh():
    """Tests point channels at doubles; no test may inherit another's cached adapter."""
    adapter_for.cache_clear()
    yield
    adapter_for.cache_clear()


def drain(clock, *, until: dt.datetime | None = None, batch: int = 7) -> int:
    """Run the worker, jumping the clock to each next retry, until nothing is pending
    (or the next retry is after `until`). Returns how many rounds it took."""
    worker = Worker(batch=batch)
    rounds = 0
    while True:
        while worker.run_once():
            pass
        rounds += 1
        pending = Message.objects.filter(status__in=[MessageStatus.QUEUED, MessageStatus.SENDING])
        next_due = pending.order_by("available_at").values_list("available_at", flat=True).first()
        if next_due is None or (until is not None and next_due > until):
            return rounds
        clock.move_to(next_due)


def assert_delivered_exactly_once(messages: list[Message]) -> None:
    keys = [message.idempotency_key for message in messages]
    assert provider_counts() == dict.fromkeys(keys, 1)
    assert LocalDigitalPostMessage.objects.count() == len(messages)
    delivered = Message.objects.filter(pk__in=[m.pk for m in messages])
    assert set(delivered.values_list("status", flat=True)) == {MessageStatus.DELIVERED}
    # One successful attempt per message: nobody sent it again after it was delivered.
    successes = delivered.annotate(
        successes=Count("delivery_attempts", filter=Q(delivery_attempts__succeeded=True))
    )
    assert set(successes.values_list("successes", flat=True)) == {1}


@pytest.mark.django_db
def test_an_outage_delays_messages_and_then_every_one_is_delivered_once(settings):
    down_until = START + dt.timedelta(minutes=10)
    use_provider(settings, down_until=down_until.isoformat())
    citizen = CitizenFactory()

    with time_machine.travel(START, tick=False) as clock:
        before = notices_queue(citizen, 6, prefix="before")
        clock.shift(dt.timedelta(minutes=4))
        during = notices_queue(citizen, 6, prefix="during")
        drain(clock, until=down_until + dt.timedelta(minutes=1))
        clock.move_to(down_until + dt.timedelta(minutes=1))
        after = notices_queue(citizen, 6, prefix="after")
        drain(clock)

    assert_delivered_exactly_once(before + during + after)
    for message in Message.objects.filter(pk__in=[m.pk for m in before + during]):
        attempts = list(message.delivery_attempts.order_by("at"))
        assert message.attempts == len(attempts) > 1
        assert [attempt.succeeded for attempt in attempts] == [False] * (len(attempts) - 1) + [True]
        assert attempts[-1].at >= down_until > attempts[-2].at
        assert "the provider is down" in attempts[0].error
        gaps = [(b.at - a.at).total_seconds() for a, b in itertools.pairwise(attempts)]
        assert 27 <= gaps[0] <= 33, "the first retry comes after about 30 seconds"
        # Each wait about doubles (the jitter is ±10 %).
        assert all(later >= 1.6 * earlier for earlier, later in itertools.pairwise(gaps))
    for message in Message.objects.filter(pk__in=[m.pk for m in after]):
        assert message.attempts == 1
    assert not Message.objects.filter(status=MessageStatus.FAILED).exists()


@pytest.mark.django_db
def test_a_flaky_provider_still_gets_every_message_once(settings):
    use_provider(settings, failure_rate=0.4)
    random.seed(20260302)
    messages = notices_queue(CitizenFactory(), 40)

    with time_machine.travel(START, tick=False) as clock:
        drain(clock)

    assert_delivered_exactly_once(messages)
    attempts = Message.objects.values_list("attempts", flat=True)
    assert max(attempts) > 1, "some messages met a failure"
    assert DeliveryAttempt.objects.count() == sum(attempts)


@pytest.mark.django_db
def test_after_48_hours_of_failures_the_message_fails_and_alerts_staff(settings):
    use_provider(settings, down_until=(START + dt.timedelta(days=5)).isoformat())

    with time_machine.travel(START, tick=False) as clock:
        (message,) = notices_queue(CitizenFactory(), 1)
        drain(clock)

    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert START + RETRY_FOR - dt.timedelta(hours=1.1) <= message.failed_at <= START + RETRY_FOR
    assert message.last_error == (
        "TemporaryDeliveryError: digital_post: the provider is down (injected outage)"
    )
    # 30 s, 1, 2, … 32 minutes, then hourly: about 54 tries in 48 hours.
    assert 50 <= message.attempts <= 58
    assert message.delivery_attempts.count() == message.attempts
    assert not LocalDigitalPostMessage.objects.exists()
    alerts = Message.objects.filter(status=MessageStatus.FAILED, alert_resolved_at__isnull=True)
    assert list(alerts) == [message]


# Real worker processes


@pytest.fixture
def shared_database(transactional_db, tmp_path):
    return SharedDatabase(tmp_path)


def test_a_worker_killed_mid_delivery_loses_nothing_and_sends_nothing_twice(
    shared_database, tmp_path
):
    messages = notices_queue(CitizenFactory(), 30)
    shared_database.share()
    # 50 ms to reach the provider, 500 ms for its answer: the window in which a worker can
    # die with a message delivered but not marked so.
    doomed = worker_start(
        shared_database,
        "--batch",
        "10",
        log=tmp_path / "killed.log",
        faults={"delay_ms": 50, "answer_delay_ms": 500},
        lease_seconds=LEASE_SECONDS,
    )
    try:
        wait_for(
            lambda: (
                count(shared_database, "status = 'delivered'") >= 2
                and shared_database.scalar(ACCEPTED_BUT_NOT_MARKED) > 0
            ),
            what="the worker to be inside a delivery the provider has accepted",
        )
        doomed.send_signal(signal.SIGKILL)
    finally:
        doomed.kill()
        doomed.wait()
    left_sending = count(shared_database, "status = 'sending'")
    assert left_sending >= 1, "the worker died holding messages"

    # When the dead worker's leases run out, a new worker takes over with the same keys.
    time.sleep(LEASE_SECONDS + 0.5)
    for run in range(5):
        log = tmp_path / f"rescue{run}.log"
        worker_finish(worker_start(shared_database, "--until-empty", log=log), log)
        if not count(shared_database, "status <> 'delivered'"):
            break

    shared_database.collect()
    assert_delivered_exactly_once(messages)
    taken_over = Message.objects.filter(attempts=2)
    assert taken_over.count() == left_sending
    assert set(Message.objects.exclude(attempts=2).values_list("attempts", flat=True)) == {1}
    # The provider had accepted one of them before the kill: the retry found it there and
    # delivered nothing new.
    accepted_before_the_kill = [
        message
        for message in taken_over
        if LocalDigitalPostMessage.objects.get(idempotency_key=message.idempotency_key).received_at
        < message.delivered_at - dt.timedelta(seconds=LEASE_SECONDS)
    ]
    assert accepted_before_the_kill


def test_two_workers_never_deliver_the_same_message_twice(shared_database, tmp_path):
    messages = notices_queue(CitizenFactory(), 300)
    # Held back until both workers are up, so that both take part.
    Message.objects.update(available_at=timezone.now() + dt.timedelta(hours=1))
    shared_database.share()
    logs = [tmp_path / "first.log", tmp_path / "second.log"]
    workers = [
        worker_start(shared_database, "--batch", "5", log=log, faults={"delay_ms": 10})
        for log in logs
    ]
    try:
        wait_for(lambda: all(worker_started(log) for log in logs), what="both workers to start")
        shared_database.messages_make_due()
        wait_for(
            lambda: count(shared_database, "status = 'delivered'") == 300,
            what="every message to be delivered",
        )
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
    outputs = [worker_finish(worker, log) for worker, log in zip(workers, logs, strict=True)]

    shared_database.collect()
    delivered = [int(re.search(r"delivered (\d+)", output)[1]) for output in outputs]
    assert sum(delivered) == 300
    assert min(delivered) > 0, f"both workers took part: {delivered}"
    assert_delivered_exactly_once(messages)
    # Not one message was claimed twice: the provider's idempotency hid nothing.
    assert set(Message.objects.values_list("attempts", flat=True)) == {1}
    per_message = Message.objects.annotate(tries=Count("delivery_attempts"))
    assert set(per_message.values_list("tries", flat=True)) == {1}


def count(database: SharedDatabase, condition: str) -> int:
    return database.scalar(f"SELECT count(*) FROM notifications_message WHERE {condition}")  # noqa: S608


LEASE_SECONDS = 2
ACCEPTED_BUT_NOT_MARKED = (
    "SELECT count(*) FROM notifications_message m JOIN notifications_localdigitalpostmessage p "
    "ON p.idempotency_key = m.idempotency_key WHERE m.status = 'sending'"
)
