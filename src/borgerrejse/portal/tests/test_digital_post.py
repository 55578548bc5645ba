"""The local Digital Post mailbox: a citizen reads their own mail and nobody else's."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from borgerrejse.notifications.adapters.base import Document, Outgoing, Recipient
from borgerrejse.notifications.adapters.digital_post import LocalDigitalPost
from borgerrejse.notifications.models import LocalDigitalPostMessage
from borgerrejse.people.models import Citizen
from borgerrejse.portal.tests.conftest import NOW
from borgerrejse.portal.tests.journey import text
from borgerrejse.readability import lix, page_text

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\nbrevet\n%%EOF\n"
LOCAL = "borgerrejse.notifications.adapters.digital_post.LocalDigitalPost"
PRODUCTION = "borgerrejse.notifications.adapters.digital_post.ServiceplatformenDigitalPost"


@pytest.fixture(autouse=True)
def local_digital_post(settings):
    settings.NOTIFICATION_ADAPTERS = {**settings.NOTIFICATION_ADAPTERS, "digital_post": LOCAL}
    settings.NOTIFICATION_FAULTS = {}


def mail(
    citizen: Citizen, key: str, subject: str = "Afgørelse om nyt sundhedskort", pdf: bool = True
) -> LocalDigitalPostMessage:
    """Delivered by the local Digital Post, as the outbox worker would."""
    LocalDigitalPost().send(
        Outgoing(
            idempotency_key=key,
            recipient=Recipient(name=citizen.full_name, cpr=citizen.cpr.value),
            subject=subject,
            body="Vi har truffet en afgørelse i din sag.\n\nDu kan læse den i brevet.",
            language="da",
            documents=(
                (Document(filename="afgoerelse.pdf", content_type="application/pdf", content=PDF),)
                if pdf
                else ()
            ),
        )
    )
    return LocalDigitalPostMessage.objects.get(idempotency_key=key)


def test_the_mailbox_lists_my_mail_newest_first_with_unread_marked(anne_client, anne, james):
    older = mail(anne, "a", "Vi har fået din ansøgning")
    with time_machine.travel(NOW + dt.timedelta(hours=2), tick=False):
        newer = mail(anne, "b", "Afgørelse om nyt sundhedskort")
    mail(james, "c", "James' brev")

    page = text(anne_client.get("/digital-post/"))

    assert "<h1>Digital Post</h1>" in page
    assert "2 breve" in page
    assert page.index(newer.subject) < page.index(older.subject)
    assert page.count("Ulæst") == 2
    assert "Borgerrejse Kommune" in page
    assert "James' brev" not in page
    assert f'href="/digital-post/{newer.message_uuid}/"' in page


def test_an_empty_mailbox_says_so(anne_client):
    page = text(anne_client.get("/digital-post/"))

    assert "Du har ingen breve fra os i Digital Post." in page


def test_opening_a_message_shows_it_and_marks_it_read(anne_client, anne):
    message = mail(anne, "a")

    page = text(anne_client.get(f"/digital-post/{message.message_uuid}/"))

    assert "<h1>Afgørelse om nyt sundhedskort</h1>" in page
    assert "Borgerrejse Kommune" in page
    assert "2. marts 2026" in page
    assert "<p>Vi har truffet en afgørelse i din sag.</p>" in page
    assert f'href="/digital-post/{message.message_uuid}/brev.pdf"' in page
    message.refresh_from_db()
    assert message.read_at == NOW
    assert "Ulæst" not in text(anne_client.get("/digital-post/"))


def test_a_message_without_a_letter_has_no_pdf_link(anne_client, anne):
    message = mail(anne, "a", pdf=False)

    page = text(anne_client.get(f"/digital-post/{message.message_uuid}/"))

    assert "brev.pdf" not in page
    assert anne_client.get(f"/digital-post/{message.message_uuid}/brev.pdf").status_code == 404


def test_the_letter_opens_as_a_pdf(anne_client, anne):
    message = mail(anne, "a")

    response = anne_client.get(f"/digital-post/{message.message_uuid}/brev.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="afgoerelse.pdf"'
    assert response.content == PDF
    assert "no-store" in response["Cache-Control"]


def test_nobody_reads_another_citizens_mail(anne_client, james):
    theirs = mail(james, "c")

    assert anne_client.get(f"/digital-post/{theirs.message_uuid}/").status_code == 404
    assert anne_client.get(f"/digital-post/{theirs.message_uuid}/brev.pdf").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_an_unknown_message_is_not_found(anne_client):
    assert anne_client.get(f"/digital-post/{uuid.uuid4()}/").status_code == 404


def test_the_mailbox_needs_a_login(anne):
    message = mail(anne, "a")

    for url in ("/digital-post/", f"/digital-post/{message.message_uuid}/"):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/log-ind/?next=")


def test_my_page_links_to_the_mailbox(anne_client):
    page = text(anne_client.get("/min-side/"))

    assert 'href="/digital-post/"' in page


def test_with_the_real_digital_post_there_is_no_local_mailbox(anne_client, anne, settings):
    message = mail(anne, "a")
    settings.NOTIFICATION_ADAPTERS = {
        **settings.NOTIFICATION_ADAPTERS,
        "digital_post": PRODUCTION,
    }

    assert anne_client.get("/digital-post/").status_code == 404
    assert anne_client.get(f"/digital-post/{message.message_uuid}/").status_code == 404
    assert 'href="/digital-post/"' not in text(anne_client.get("/min-side/"))


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_mailbox_queries_do_not_grow_with_the_mail(anne_client, anne):
    mail(anne, "first")
    few = _queries(anne_client, "/digital-post/")

    for number in range(30):
        mail(anne, f"more-{number}")

    assert _queries(anne_client, "/digital-post/") == few
    assert _queries(anne_client, "/digital-post/?page=2") == few


def test_the_mailbox_pages_are_plain_danish(anne_client, anne):
    message = mail(anne, "a")

    for url in ("/digital-post/", f"/digital-post/{message.message_uuid}/"):
        assert lix(page_text(anne_client.get(url).content.decode())) <= 35, url


def test_the_mailbox_in_english(anne_client, anne):
    message = mail(anne, "a")

    listing = text(anne_client.get("/en/digital-post/"))
    reading = text(anne_client.get(f"/en/digital-post/{message.message_uuid}/"))

    assert '<html lang="en">' in listing
    assert '<html lang="en">' in reading
    assert "2 March 2026" in reading
    assert f'href="/en/digital-post/{message.message_uuid}/brev.pdf"' in reading
