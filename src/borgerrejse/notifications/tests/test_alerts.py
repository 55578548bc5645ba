"""A message that cannot be delivered becomes a clear failure and a staff alert, never a
crash loop: the malformed recipient (no address, an invalid phone number or e-mail)
fails at once, shows on the workbench's "Fejlede beskeder" page and in the case's
timeline, counts in the menu badge, and leaves the list once someone has dealt with it.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Iterator

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from borgerrejse.cases.models import Case, DecisionPreference
from borgerrejse.cases.tests.factories import submitted_case
from borgerrejse.notifications.models import DeliveryAttempt, Message, MessageStatus
from borgerrejse.notifications.selectors import failed_messages_count_for_staff
from borgerrejse.notifications.services import case_context, message_queue
from borgerrejse.notifications.tests.provider import REFUSING, use_provider
from borgerrejse.people.models import Citizen, DigitalPostExemptionReason, PreferredChannel
from borgerrejse.people.tests.factories import CitizenFactory
from borgerrejse.staff.models import StaffMember
from borgerrejse.staff.tests.logins import staff_create, staff_force_login

NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Copenhagen"))
PAGE = "/arbejde/beskeder/fejlede/"
BORGERSERVICE_SKILLS = ["sundhedskort", "flytning"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db, published_catalogue, settings, tmp_path) -> Iterator[None]:
    settings.PRINT_DIR = tmp_path / "print"
    settings.NOTIFICATION_FAULTS = {}
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def sofie(world) -> StaffMember:
    """A caseworker in Borgerservice, whose department handles health cards."""
    return staff_create(
        roles=["caseworker"],
        departments=["borgerservice"],
        skills=BORGERSERVICE_SKILLS,
        username="sofie",
    )


def client_for(member: StaffMember) -> Client:
    client = Client()
    staff_force_login(client, member)
    return client


def referred(citizen: Citizen) -> Case:
    """A health card case sent to a caseworker: the citizen gets a receipt (a notice)."""
    return submitted_case(
        citizen, "sundhedskort", {"reason": "lost"}, preference=DecisionPreference.CASEWORKER
    )


def decided(citizen: Citizen) -> Case:
    """An instant decision: the citizen gets the decision letter."""
    return submitted_case(citizen, "sundhedskort", {"reason": "lost"})


def sms_citizen(phone: str = "123") -> Citizen:
    return CitizenFactory(phone=phone, preferred_channels=[PreferredChannel.SMS])


def e_mail_citizen() -> Citizen:
    return CitizenFactory(email="lars(at)example.com", preferred_channels=[PreferredChannel.EMAIL])


def homeless_exempt_citizen() -> Citizen:
    """Exempt from Digital Post for having no fixed address, and so no address on file."""
    return CitizenFactory(
        exempt=True,
        digital_post_exempt_reason=DigitalPostExemptionReason.NO_FIXED_ADDRESS,
        street="",
        postcode="",
        city="",
    )


def page_of(client: Client, url: str = PAGE) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def rows(page: str) -> list[str]:
    table = re.search(
        r'<table class="table table--compact failed-messages">(.*?)</table>', page, re.S
    )
    return re.findall(r"<tr>(.*?)</tr>", table.group(1), re.S)[1:] if table else []


def badge(page: str) -> str:
    found = re.search(r'failed-messages-count">(\d+)<', page)
    return found.group(1) if found else ""


# The malformed recipient


MALFORMED = {
    "sms to an invalid number": (sms_citizen, referred, "sms", "Ugyldigt telefonnummer: »123«"),
    "e-mail to an invalid address": (
        e_mail_citizen,
        referred,
        "email",
        "Ugyldig e-mailadresse: lars(at)example.com",
    ),
    "letter to no address": (
        homeless_exempt_citizen,
        decided,
        "print",
        "has no postal address",
    ),
}


@pytest.mark.parametrize(
    ("make_citizen", "make_case", "channel", "reason"), MALFORMED.values(), ids=MALFORMED.keys()
)
def test_a_malformed_recipient_fails_at_once_and_alerts_staff(
    sofie, make_citizen, make_case, channel, reason, deliver
):
    citizen = make_citizen()
    case = make_case(citizen)

    stats = deliver()

    (message,) = Message.objects.filter(case=case)
    assert message.channel == channel
    assert message.status == MessageStatus.FAILED
    assert message.attempts == 1
    assert message.failed_at == NOW
    assert reason in message.last_error
    assert DeliveryAttempt.objects.filter(message=message).count() == 1
    assert (stats.delivered, stats.failed_attempts) == (0, 1)

    # Nothing is due any more: the worker does not come back to it.
    again = deliver()
    assert (again.delivered, again.failed_attempts) == (0, 0)
    message.refresh_from_db()
    assert message.attempts == 1

    page = page_of(client_for(sofie))
    (row,) = rows(page)
    assert citizen.full_name in row
    assert f'href="/arbejde/sager/{case.number}/#timeline"' in row
    assert reason in row
    assert badge(page) == "1"


def test_the_page_says_what_failed_on_which_channel_and_when(sofie, deliver):
    citizen = sms_citizen()
    case = referred(citizen)
    deliver()

    (row,) = rows(page_of(client_for(sofie)))

    cells = [
        re.sub(r"<[^>]+>", " ", cell).split()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    ]
    name, number, kind, channel, error, attempts, failed_at = (" ".join(c) for c in cells[:7])
    assert name == citizen.full_name
    assert number == case.number
    assert kind.startswith("Kvittering")
    assert channel == "SMS"
    assert "Ugyldigt telefonnummer" in error
    assert attempts == "1"
    assert failed_at == "2. marts 2026 kl. 10.00"
    assert "Markér som håndteret" in row


# Dealing with it


def failed_sms(deliver) -> Message:
    referred(sms_citizen())
    deliver()
    return Message.objects.get(status=MessageStatus.FAILED)


def test_marking_it_dealt_with_removes_it_from_the_list_and_the_badge(sofie, deliver):
    message = failed_sms(deliver)
    client = client_for(sofie)

    response = client.post(f"/arbejde/beskeder/{message.public_id}/haandteret/")

    assert response.status_code == 302
    assert response["Location"] == PAGE
    page = page_of(client)
    assert rows(page) == []
    assert badge(page) == ""
    assert "er markeret som håndteret" in page
    assert "Alle beskeder er kommet frem, eller nogen har taget sig af dem." in page
    message.refresh_from_db()
    assert message.alert_resolved_at == NOW
    assert message.alert_resolved_by == f"{sofie.full_name} (sofie)"
    # The message itself stays failed: the citizen's "My messages" still says so.
    assert message.status == MessageStatus.FAILED


def test_marking_it_twice_does_no_harm(sofie, deliver):
    message = failed_sms(deliver)
    client = client_for(sofie)
    url = f"/arbejde/beskeder/{message.public_id}/haandteret/"
    client.post(url)
    first = Message.objects.get(pk=message.pk).alert_resolved_at

    with time_machine.travel(NOW + dt.timedelta(minutes=1), tick=False):
        assert client.post(url).status_code == 302

    assert Message.objects.get(pk=message.pk).alert_resolved_at == first


def test_marking_it_needs_a_post(sofie, deliver):
    message = failed_sms(deliver)

    response = client_for(sofie).get(f"/arbejde/beskeder/{message.public_id}/haandteret/")

    assert response.status_code == 405


# Who sees what


def test_another_department_neither_sees_nor_marks_it(sofie, deliver):
    message = failed_sms(deliver)
    signe = staff_create(roles=["caseworker"], departments=["social"], username="signe")
    client = client_for(signe)

    page = page_of(client)

    assert rows(page) == []
    assert badge(page) == ""
    assert client.post(f"/arbejde/beskeder/{message.public_id}/haandteret/").status_code == 404
    message.refresh_from_db()
    assert message.alert_resolved_at is None


def test_a_role_that_may_not_write_notes_sees_it_but_cannot_mark_it(sofie, deliver):
    message = failed_sms(deliver)
    owner = staff_create(roles=["service_owner"], departments=["borgerservice"])
    client = client_for(owner)

    page = page_of(client)

    assert len(rows(page)) == 1
    assert "Markér som håndteret" not in page
    assert client.post(f"/arbejde/beskeder/{message.public_id}/haandteret/").status_code == 403


def test_a_message_without_a_case_is_the_front_desks(sofie, deliver):
    citizen = sms_citizen()
    message_queue(
        citizen=citizen,
        template="appointment_confirmed",
        key="appointment:1:confirmed",
        context={"title": "pas", "when": "3. marts kl. 9.00", "where": "Rådhuset", "url": ""},
    )
    deliver()
    lone = staff_create(roles=["front_desk"], departments=["borgerservice"], username="lone")

    (row,) = rows(page_of(client_for(lone)))

    assert citizen.full_name in row
    assert "Tid bekræftet" in row
    assert rows(page_of(client_for(sofie))) == []


def test_someone_not_logged_in_goes_to_the_staff_login(world):
    response = Client().get(PAGE)

    assert response.status_code == 302
    assert "/medarbejder/" in response["Location"] or "login" in response["Location"].lower()


# Queries


def test_the_badge_is_one_count(sofie, django_assert_num_queries, deliver):
    failed_sms(deliver)
    user = sofie.user

    with django_assert_num_queries(1):
        assert failed_messages_count_for_staff(user=user) == 1


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        page_of(client, url)
    return len(queries)


def test_the_failed_messages_page_queries_do_not_grow_with_the_failures(sofie, deliver):
    failed_sms(deliver)
    client = client_for(sofie)
    few = _queries(client, PAGE)

    for _ in range(5):
        referred(sms_citizen())
    deliver()

    assert len(rows(page_of(client))) == 6
    assert _queries(client, PAGE) == few


def test_the_badge_costs_the_same_however_many_messages_failed(sofie, deliver):
    referred(sms_citizen("20 30 40 50"))
    deliver()
    client = client_for(sofie)
    before = _queries(client, "/arbejde/")

    failed_sms(deliver)

    page = page_of(client, "/arbejde/")
    assert badge(page) == "1"
    assert _queries(client, "/arbejde/") == before


# The case's timeline in the workbench


def test_the_workbench_timeline_shows_each_message_and_how_delivery_went(sofie, settings, deliver):
    citizen = sms_citizen("20 30 40 50")
    case = referred(citizen)
    deliver()
    use_provider(settings, REFUSING)
    with time_machine.travel(NOW + dt.timedelta(minutes=1), tick=False):
        message_queue(
            citizen=citizen,
            case=case,
            template="consultation",
            key="test:consultation",
            context=case_context(case, "da")
            | {"information": "Oplysninger fra CPR", "respond_by": "16. marts 2026"},
        )
        deliver()

        page = page_of(client_for(sofie), f"/arbejde/sager/{case.number}/")

    timeline = page[page.index('id="timeline"') :]
    assert "Besked til borgeren: Kvittering" in timeline
    assert "Besked til borgeren: Partshøring" in timeline
    assert '<span class="badge badge-success">Leveret</span>' in timeline
    assert '<span class="badge badge-error">Kunne ikke leveres</span>' in timeline
    assert "Fejl efter 1 forsøg: PermanentDeliveryError: the recipient is not known" in timeline
    assert "· SMS" in timeline
    assert "· Digital Post" in timeline
    # Newest first: the failed letter above the receipt.
    assert timeline.index("Partshøring") < timeline.index("Kvittering")
