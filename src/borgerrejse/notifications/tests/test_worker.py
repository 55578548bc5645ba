"""The outbox worker (`borgerrejse worker`): its loop, its stop, and the reminders it
queues."""

import datetime as dt
import io
import re
import signal

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import OperationalError
from django.utils import timezone

from borgerrejse.cases.models import Channel, DecisionPreference
from borgerrejse.cases.services import (
    Actor,
    case_claim_next,
    consultation_send,
    information_answer,
    information_request,
)
from borgerrejse.cases.tests.factories import submitted_case
from borgerrejse.notifications import worker as worker_module
from borgerrejse.notifications.delivery import adapter_for
from borgerrejse.notifications.models import LocalDigitalPostMessage, Message, MessageStatus
from borgerrejse.notifications.services import reminders_queue_due
from borgerrejse.notifications.tests.provider import (
    REFUSING,
    notices_queue,
    use_provider,
)
from borgerrejse.notifications.tests.workers import (
    SharedDatabase,
    wait_for,
    worker_start,
)
from borgerrejse.notifications.worker import Worker
from borgerrejse.people.models import PreferredChannel
from borgerrejse.people.tests.factories import CitizenFactory

MONDAY = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
WEDNESDAY = dt.date(2026, 3, 4)
THURSDAY = dt.date(2026, 3, 5)


@pytest.fixture(autouse=True)
def _adapters_afresh():
    """Tests point channels at doubles; no test may inherit another's cached adapter."""
    adapter_for.cache_clear()
    yield
    adapter_for.cache_clear()


@pytest.fixture
def provider(settings):
    use_provider(settings)


# The loop


@pytest.mark.django_db(transaction=True)
def test_until_empty_delivers_what_is_due_and_says_so(provider):
    notices_queue(CitizenFactory(), 3)
    output = io.StringIO()

    call_command("worker", "--until-empty", "--batch", "2", stdout=output)

    assert output.getvalue().strip() == "delivered 3, failed attempts 0"
    assert LocalDigitalPostMessage.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_a_message_that_cannot_be_delivered_does_not_hold_up_the_others(settings):
    settings.NOTIFICATION_ADAPTERS = {**settings.NOTIFICATION_ADAPTERS, "sms": REFUSING}
    use_provider(settings)
    good = notices_queue(CitizenFactory(), 2)
    texting = CitizenFactory(preferred_channels=[PreferredChannel.SMS], phone="+4512")
    (bad,) = notices_queue(texting, 1)
    assert bad.channel == "sms"

    stats = Worker(batch=10).run(until_empty=True)

    assert (stats.delivered, stats.failed_attempts) == (2, 1)
    bad.refresh_from_db()
    assert bad.status == MessageStatus.FAILED
    assert bad.attempts == 1
    assert set(
        Message.objects.filter(pk__in=[m.pk for m in good]).values_list("status", flat=True)
    ) == {MessageStatus.DELIVERED}


@pytest.mark.django_db
def test_a_stopping_worker_hands_back_the_messages_it_has_not_started(provider, monkeypatch):
    worker = Worker(batch=5)
    deliver = worker_module.message_deliver

    def deliver_then_get_stopped(message):
        deliver(message)
        worker.stop(signal.SIGTERM)

    monkeypatch.setattr(worker_module, "message_deliver", deliver_then_get_stopped)
    with time_machine.travel(MONDAY, tick=False):
        messages = notices_queue(CitizenFactory(), 5)
        assert worker.run_once() == 5

    statuses = dict(Message.objects.values_list("pk", "status"))
    assert sorted(statuses.values()) == ["delivered"] + ["queued"] * 4
    for message in Message.objects.filter(status=MessageStatus.QUEUED):
        assert (message.attempts, message.available_at) == (0, MONDAY)
    assert {m.pk for m in messages} == set(statuses)


def test_sigterm_stops_the_worker_after_the_message_in_hand(transactional_db, tmp_path):
    notices_queue(CitizenFactory(), 20)
    database = SharedDatabase(tmp_path)
    database.share()
    log = tmp_path / "worker.log"
    process = worker_start(
        database, "--batch", "10", log=log, faults={"delay_ms": 200}, lease_seconds=300
    )
    try:
        wait_for(
            lambda: (
                database.scalar(
                    "SELECT count(*) FROM notifications_message WHERE status = 'delivered'"
                )
                >= 1
            ),
            what="a first delivery",
        )
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    finally:
        process.kill()
        process.wait()

    database.collect()
    assert process.returncode == 0, log.read_text()
    delivered = int(re.search(r"delivered (\d+)", log.read_text())[1])
    assert Message.objects.filter(status=MessageStatus.DELIVERED).count() == delivered < 20
    # Nothing is left leased to the stopped worker: the next one can start at once.
    assert not Message.objects.filter(status=MessageStatus.SENDING).exists()
    assert set(
        Message.objects.filter(status=MessageStatus.QUEUED).values_list("attempts", flat=True)
    ) == {0}


# Reminders


def staff_user(username="mette"):
    return get_user_model().objects.create_user(
        username, first_name=username.title(), last_name="Sagsbehandler"
    )


def case_in_review(user):
    submitted_case(
        CitizenFactory(),
        "begravelseshjaelp",
        {
            "deceased_birth_date": "1960-05-01",
            "date_of_death": "2026-02-01",
            "estate_wealth_dkk": "unknown",
            "has_spouse_or_children_under_18": False,
            "funeral_expenses_dkk": "30000",
        },
        preference=DecisionPreference.CASEWORKER,
    )
    return case_claim_next(
        user=user,
        departments=["borgerservice", "aeldre-sundhed", "ydelse", "social"],
        services=["begravelseshjaelp"],
    )


@pytest.fixture
def monday():
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


def reminders():
    return Message.objects.filter(template="deadline_reminder")


@pytest.mark.django_db
def test_an_open_request_gets_one_reminder_two_working_days_before_its_deadline(
    published_catalogue, monday
):
    user = staff_user()
    request = information_request(
        case=case_in_review(user), user=user, message="Send boets opgørelse.", respond_by=WEDNESDAY
    )

    queued = reminders_queue_due(on=timezone.localdate())
    again = reminders_queue_due(on=timezone.localdate())

    (reminder,) = queued
    assert again == [reminder]
    assert list(reminders()) == [reminder]
    assert reminder.idempotency_key == f"reminder:request:{request.pk}"
    assert reminder.case == request.case
    assert "4. marts 2026" in reminder.subject
    assert reminder.status == MessageStatus.QUEUED


@pytest.mark.django_db
def test_a_later_deadline_is_reminded_of_when_it_comes_within_two_working_days(
    published_catalogue, monday
):
    user = staff_user()
    information_request(
        case=case_in_review(user), user=user, message="Send boets opgørelse.", respond_by=THURSDAY
    )

    assert reminders_queue_due(on=timezone.localdate()) == []
    monday.shift(dt.timedelta(days=1))
    assert len(reminders_queue_due(on=timezone.localdate())) == 1


@pytest.mark.django_db
def test_an_answered_request_gets_no_reminder(published_catalogue, monday):
    user = staff_user()
    request = information_request(
        case=case_in_review(user), user=user, message="Send boets opgørelse.", respond_by=WEDNESDAY
    )
    information_answer(
        request=request,
        actor=Actor.for_citizen(request.case.citizen),
        channel=Channel.WEB,
        answer="Boet har 20.000 kr.",
    )

    assert reminders_queue_due(on=timezone.localdate()) == []
    assert not reminders().exists()


@pytest.mark.django_db
def test_a_consultation_gets_a_reminder_too(published_catalogue, monday):
    user = staff_user()
    consultation = consultation_send(
        case=case_in_review(user),
        user=user,
        information="Boet har en formue på 80.000 kr.",
        respond_by=WEDNESDAY,
    )

    (reminder,) = reminders_queue_due(on=timezone.localdate())

    assert reminder.idempotency_key == f"reminder:consultation:{consultation.pk}"


@pytest.mark.django_db(transaction=True)
def test_the_worker_queues_and_sends_the_reminders(published_catalogue, provider, monday):
    user = staff_user()
    information_request(
        case=case_in_review(user), user=user, message="Send boets opgørelse.", respond_by=WEDNESDAY
    )
    # The request's letter went out earlier; this run is about the reminder.
    Message.objects.update(status=MessageStatus.DELIVERED)

    Worker(reminders_every=0).run(until_empty=True)

    (reminder,) = reminders()
    assert reminder.status == MessageStatus.DELIVERED
    assert LocalDigitalPostMessage.objects.get().idempotency_key == reminder.idempotency_key


@pytest.mark.django_db(transaction=True)
def test_a_database_error_does_not_end_the_worker(provider, monkeypatch):
    notices_queue(CitizenFactory(), 2)
    worker = Worker(idle_seconds=0)
    claim = worker_module.messages_claim
    calls = []

    def claim_after_a_hiccup(*, limit):
        calls.append(limit)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        if len(calls) == 3:
            worker.stop()
        return claim(limit=limit)

    monkeypatch.setattr(worker_module, "messages_claim", claim_after_a_hiccup)
    stats = worker.run()

    assert stats.delivered == 2
    assert LocalDigitalPostMessage.objects.count() == 2
