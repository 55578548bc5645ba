"""Mine beskeder: the citizen sees every message we sent them, on which channel, and
whether it arrived; the case page shows the same in its timeline.

Messages are made the way the system makes them: a decided or referred case queues its
message, and the worker delivers it through a provider that keeps the adapter contract
(`tests/provider.py`).
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
from borgerrejse.identity.tests.logins import demo_citizen_create, log_in
from borgerrejse.notifications.models import Message, MessageStatus
from borgerrejse.notifications.services import case_context, message_queue
from borgerrejse.notifications.tests.provider import REFUSING, use_provider
from borgerrejse.people.models import Citizen
from borgerrejse.portal.views.messages import PER_PAGE
from borgerrejse.readability import lix, page_text

NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Copenhagen"))
URL = "/min-side/beskeder/"


@pytest.fixture
def world(db, published_catalogue, settings) -> Iterator[None]:
    use_provider(settings)
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def anne(world) -> Citizen:
    return demo_citizen_create("danish_adult")


@pytest.fixture
def james(world) -> Citizen:
    return demo_citizen_create("english_speaking")


def client_for(person: str) -> Client:
    client = Client()
    assert log_in(client, person).status_code == 302, "the demo login failed"
    return client


@pytest.fixture
def anne_client(anne) -> Client:
    return client_for("danish_adult")


def decided(citizen: Citizen) -> Case:
    """An instant decision: its letter goes to Digital Post."""
    return submitted_case(citizen, "sundhedskort", {"reason": "lost"})


def referred(citizen: Citizen) -> Case:
    """Sent to a caseworker: the citizen gets a receipt."""
    return submitted_case(
        citizen, "sundhedskort", {"reason": "lost"}, preference=DecisionPreference.CASEWORKER
    )


def page_of(client: Client, url: str = URL) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def subjects(page: str) -> list[str]:
    return re.findall(r'<h2 class="h4 message-subject">([^<]*)</h2>', page)


def statuses(page: str) -> list[str]:
    return re.findall(r'message-status">([^<]*)</span>', page)


# The list


def test_every_message_is_listed_newest_first_with_channel_status_and_case(
    anne, anne_client, deliver
):
    first = decided(anne)
    deliver()
    with time_machine.travel(NOW + dt.timedelta(minutes=5), tick=False):
        second = referred(anne)
        page = page_of(anne_client)

    decision = Message.objects.get(case=first)
    receipt = Message.objects.get(case=second)
    assert subjects(page) == [receipt.subject, decision.subject]
    assert statuses(page) == ["Venter på at blive sendt", "Sendt"]
    assert page.count("Digital Post") >= 2
    assert "Afgørelse" in page
    assert "Kvittering" in page
    assert f'<a href="/sager/{first.number}/">Sag {first.number}</a>' in page
    assert f'<a href="/sager/{second.number}/">Sag {second.number}</a>' in page
    assert "2. marts 2026 kl. 10.00" in page


def test_a_message_that_could_not_be_delivered_says_we_will_contact_the_citizen(
    anne, anne_client, settings, deliver
):
    use_provider(settings, REFUSING)
    decided(anne)
    deliver()

    page = page_of(anne_client)

    assert Message.objects.get(citizen=anne).status == MessageStatus.FAILED
    assert statuses(page) == ["Kunne ikke leveres – vi kontakter dig"]
    # What went wrong is for staff; the citizen is not shown the provider's error.
    assert "recipient is not known" not in page


def test_the_message_text_can_be_read_on_the_page(anne, anne_client):
    case = referred(anne)

    page = page_of(anne_client)

    message = Message.objects.get(case=case)
    assert "Læs beskeden" in page
    assert f"Din sag har nummer {case.number}." in page
    assert f'href="http://127.0.0.1:8000/sager/{case.number}/"' in page
    assert message.subject in page


def test_a_citizen_never_sees_another_citizens_messages(anne, james):
    referred(anne)
    james_client = client_for("english_speaking")

    page = page_of(james_client, f"/en{URL}")

    assert subjects(page) == []
    assert Message.objects.get(citizen=anne).subject not in page


def test_a_visitor_must_log_in_first(world):
    response = Client().get(URL)

    assert response.status_code == 302
    assert "/log-ind/" in response["Location"]


def test_with_no_messages_the_page_says_so(anne_client):
    assert "Vi har ikke sendt dig nogen beskeder endnu." in page_of(anne_client)


def test_my_page_links_to_my_messages(anne_client):
    assert f'href="{URL}"' in page_of(anne_client, "/min-side/")


# Many messages


def notices(citizen: Citizen, case: Case, count: int) -> None:
    context = case_context(case, "da")
    for n in range(count):
        message_queue(
            citizen=citizen, case=case, template="receipt", key=f"test:{n}", context=context
        )


def test_the_list_is_paged(anne, anne_client):
    case = decided(anne)
    notices(anne, case, PER_PAGE + 4)

    first = page_of(anne_client)
    second = page_of(anne_client, f"{URL}?page=2")

    assert len(subjects(first)) == PER_PAGE
    assert len(subjects(second)) == 5
    assert "Side 1 af 2" in first
    assert "Side 2 af 2" in second
    assert 'href="?page=2"' in first


def _queries(client: Client, url: str = URL) -> int:
    with CaptureQueriesContext(connection) as queries:
        page_of(client, url)
    return len(queries)


def test_the_queries_do_not_grow_with_the_messages(anne, anne_client):
    decided(anne)
    few = _queries(anne_client)

    other = referred(anne)
    notices(anne, other, PER_PAGE * 2)

    assert _queries(anne_client) == few
    assert _queries(anne_client, f"{URL}?page=3") == few


# The case page


def test_the_case_timeline_shows_the_message_with_channel_and_status(anne, anne_client, deliver):
    case = decided(anne)
    deliver()

    page = page_of(anne_client, f"/sager/{case.number}/")

    message = Message.objects.get(case=case)
    timeline = page[page.index("Det er sket i sagen") :]
    assert f"Vi skrev til dig: {message.subject}" in timeline
    assert "· Digital Post" in timeline
    assert 'message-status">Sendt</span>' in timeline
    # Newest first: the message went out after the decision that caused it.
    assert timeline.index("Vi skrev til dig") < timeline.index("Afgørelse truffet")


def test_the_case_page_queries_do_not_grow_with_the_messages(anne, anne_client):
    case = decided(anne)
    url = f"/sager/{case.number}/"
    few = _queries(anne_client, url)

    notices(anne, case, 10)

    assert _queries(anne_client, url) == few


# Plain language


def test_my_messages_is_plain_danish(anne, anne_client, settings, deliver):
    decided(anne)
    referred(anne)
    deliver()
    use_provider(settings, REFUSING)
    referred(anne)
    deliver()

    assert lix(page_text(page_of(anne_client))) <= 35
