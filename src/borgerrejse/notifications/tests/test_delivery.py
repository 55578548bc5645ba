"""Delivering the outbox: claims, leases, outcomes and backoff (notifications/delivery.py),
and the rule that a message exists exactly when the change that caused it does."""

import datetime as dt

import pytest
import time_machine

from borgerrejse.cases.models import Case, DecisionPreference, Status, TimelineEvent
from borgerrejse.cases.services import transitions
from borgerrejse.cases.tests.factories import submitted_case
from borgerrejse.notifications.delivery import (
    FIRST_RETRY,
    LONGEST_RETRY,
    adapter_for,
    message_deliver,
    messages_claim,
    outgoing_for,
    retry_delay,
)
from borgerrejse.notifications.models import (
    LocalDigitalPostMessage,
    Message,
    MessageChannel,
    MessageStatus,
)
from borgerrejse.notifications.services import message_alert_resolve, messages_queue_for_event
from borgerrejse.notifications.tests.provider import (
    BROKEN,
    REFUSING,
    notices_queue,
    use_provider,
)
from borgerrejse.people.tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
LEASE = dt.timedelta(seconds=300)


@pytest.fixture(autouse=True)
def _adapters_afresh():
    """Tests point channels at doubles; no test may inherit another's cached adapter."""
    adapter_for.cache_clear()
    yield
    adapter_for.cache_clear()


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def provider(settings):
    settings.NOTIFICATION_LEASE_SECONDS = int(LEASE.total_seconds())
    use_provider(settings)


@pytest.fixture
def citizen():
    return CitizenFactory()


def alerts():
    """What the workbench shows staff: failed messages nobody has dealt with yet."""
    return Message.objects.filter(status=MessageStatus.FAILED, alert_resolved_at__isnull=True)


# Claims


def test_a_claim_takes_due_messages_oldest_first_and_leases_them(clock, provider, citizen):
    first = notices_queue(citizen, 2, prefix="first")
    clock.shift(dt.timedelta(seconds=10))
    later = notices_queue(citizen, 1, prefix="later")

    claimed = messages_claim(limit=2)

    assert [message.pk for message in claimed] == [message.pk for message in first]
    for message in claimed:
        assert message.status == MessageStatus.SENDING
        assert message.attempts == 1
        assert message.available_at == START + dt.timedelta(seconds=10) + LEASE
    assert [message.pk for message in messages_claim(limit=5)] == [later[0].pk]
    assert messages_claim(limit=5) == []


def test_a_message_due_later_is_not_claimed_before_its_time(clock, provider, citizen):
    (message,) = notices_queue(citizen, 1)
    Message.objects.filter(pk=message.pk).update(available_at=START + dt.timedelta(minutes=5))

    assert messages_claim(limit=10) == []
    clock.shift(dt.timedelta(minutes=5))
    assert [claimed.pk for claimed in messages_claim(limit=10)] == [message.pk]


def test_a_lease_that_runs_out_gives_the_message_to_another_worker(clock, provider, citizen):
    (message,) = notices_queue(citizen, 1)
    (dead_workers,) = messages_claim(limit=1)

    clock.shift(LEASE - dt.timedelta(seconds=1))
    assert messages_claim(limit=1) == []
    clock.shift(dt.timedelta(seconds=2))
    (taken_over,) = messages_claim(limit=1)

    assert taken_over.pk == message.pk
    assert taken_over.attempts == 2
    assert taken_over.idempotency_key == dead_workers.idempotency_key
    message_deliver(taken_over)
    assert taken_over.status == MessageStatus.DELIVERED


def test_a_late_worker_neither_sends_twice_nor_undoes_a_delivery(clock, provider, citizen):
    notices_queue(citizen, 1)
    (slow,) = messages_claim(limit=1)
    clock.shift(LEASE + dt.timedelta(seconds=1))
    (fresh,) = messages_claim(limit=1)
    message_deliver(fresh)

    # The first worker wakes up and sends its copy: the provider knows the key.
    message_deliver(slow)

    slow.refresh_from_db()
    assert slow.status == MessageStatus.DELIVERED
    assert LocalDigitalPostMessage.objects.count() == 1


def test_a_late_failure_does_not_undo_a_delivery(clock, settings, citizen):
    use_provider(settings)
    notices_queue(citizen, 1)
    (slow,) = messages_claim(limit=1)
    clock.shift(LEASE + dt.timedelta(seconds=1))
    (fresh,) = messages_claim(limit=1)
    message_deliver(fresh)

    use_provider(settings, BROKEN)
    message_deliver(slow)

    slow.refresh_from_db()
    assert slow.status == MessageStatus.DELIVERED
    assert slow.last_error == ""


# Outcomes


def test_a_delivery_records_the_providers_reference(clock, provider, citizen):
    (message,) = notices_queue(citizen, 1)
    (claimed,) = messages_claim(limit=1)

    message_deliver(claimed)

    message.refresh_from_db()
    stored = LocalDigitalPostMessage.objects.get()
    assert message.status == MessageStatus.DELIVERED
    assert message.delivered_at == START
    assert message.provider_reference == f"memo:{stored.message_uuid}"
    assert stored.idempotency_key == message.idempotency_key
    assert stored.citizen == citizen
    assert list(message.delivery_attempts.values_list("succeeded", "error")) == [(True, "")]


def test_digital_post_gets_the_whole_cpr_number_and_no_other_channel_gets_it(provider):
    citizen = CitizenFactory(cpr="120385-1234")
    (message,) = notices_queue(citizen, 1)

    # str() of a CPR number masks it ("120385-XXXX"): Digital Post needs all ten digits.
    assert outgoing_for(message).recipient.cpr == "1203851234"
    message.channel = MessageChannel.SMS
    assert outgoing_for(message).recipient.cpr == ""


def test_a_permanent_error_fails_the_message_at_once_and_alerts_staff(clock, settings, citizen):
    use_provider(settings, REFUSING)
    (message,) = notices_queue(citizen, 1)
    (claimed,) = messages_claim(limit=1)

    message_deliver(claimed)

    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert message.failed_at == START
    assert message.attempts == 1
    assert message.last_error == (
        "PermanentDeliveryError: the recipient is not known to the provider"
    )
    assert list(alerts()) == [message]
    clock.shift(dt.timedelta(days=3))
    assert messages_claim(limit=10) == []


def test_an_unexpected_error_is_retried_later(clock, settings, citizen):
    use_provider(settings, BROKEN)
    (message,) = notices_queue(citizen, 1)
    (claimed,) = messages_claim(limit=1)

    message_deliver(claimed)

    message.refresh_from_db()
    assert message.status == MessageStatus.QUEUED
    assert message.last_error == "RuntimeError: connection reset by peer"
    assert START + FIRST_RETRY * 0.9 <= message.available_at <= START + FIRST_RETRY * 1.1
    assert list(message.delivery_attempts.values_list("succeeded", flat=True)) == [False]
    assert not alerts().exists()


@pytest.mark.parametrize(
    ("attempts", "delay"),
    [
        (0, FIRST_RETRY),
        (1, dt.timedelta(seconds=30)),
        (2, dt.timedelta(minutes=1)),
        (3, dt.timedelta(minutes=2)),
        (4, dt.timedelta(minutes=4)),
        (5, dt.timedelta(minutes=8)),
        (6, dt.timedelta(minutes=16)),
        (7, dt.timedelta(minutes=32)),
        (8, LONGEST_RETRY),
        (50, dt.timedelta(hours=1)),
    ],
)
def test_retry_delay(attempts, delay):
    delays = [retry_delay(attempts) for _ in range(50)]

    assert all(delay * 0.9 <= each <= delay * 1.1 for each in delays)
    assert len(set(delays)) > 1, "jitter spreads retries out"


def test_staff_resolve_an_alert(clock, settings, citizen):
    use_provider(settings, REFUSING)
    (message,) = notices_queue(citizen, 1)
    message_deliver(messages_claim(limit=1)[0])

    resolved = message_alert_resolve(message=message, resolved_by="Mette Ydelse")
    again = message_alert_resolve(message=message, resolved_by="Jonas")

    assert not alerts().exists()
    assert resolved.alert_resolved_at == START
    assert (again.alert_resolved_by, again.alert_resolved_at) == ("Mette Ydelse", START)


# The outbox row and the change that causes it


def test_a_message_is_written_with_the_event_that_causes_it(published_catalogue):
    case = submitted_case(
        CitizenFactory(),
        "sundhedskort",
        {"reason": "lost"},
        preference=DecisionPreference.CASEWORKER,
    )

    referred = case.timeline.get(kind=TimelineEvent.Kind.REFERRED)
    message = Message.objects.get(case=case)
    assert message.idempotency_key == f"event:{referred.pk}:receipt"
    assert message.status == MessageStatus.QUEUED


def test_a_rolled_back_change_leaves_no_message(published_catalogue, monkeypatch):
    """The submission fails after its message was written: both go, as one transaction."""
    written = []

    def queue_then_fail(event):
        message = messages_queue_for_event(event)
        if message is not None:
            written.append(message)
            raise Interrupted

    monkeypatch.setattr(transitions, "messages_queue_for_event", queue_then_fail)
    citizen = CitizenFactory()

    with pytest.raises(Interrupted):
        submitted_case(
            citizen, "sundhedskort", {"reason": "lost"}, preference=DecisionPreference.CASEWORKER
        )

    assert [message.template for message in written] == ["receipt"]
    case = Case.objects.get(citizen=citizen)
    assert case.status == Status.DRAFT
    assert not case.timeline.filter(kind=TimelineEvent.Kind.REFERRED).exists()
    assert not Message.objects.exists()


class Interrupted(Exception):
    pass
