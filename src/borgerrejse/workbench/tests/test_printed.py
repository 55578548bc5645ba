"""Sendt til print: what went on paper in my departments, the newest first, and each
letter's PDF, for those who answer citizens."""

from __future__ import annotations

import datetime as dt
import html
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from borgerrejse.cases.models import Case, DecisionOutcome
from borgerrejse.cases.services import DecisionContent, case_claim_next, decision_make
from borgerrejse.notifications.delivery import adapter_for, message_deliver, messages_claim
from borgerrejse.notifications.models import Message, MessageChannel, MessageStatus
from borgerrejse.people.tests.factories import CitizenFactory
from borgerrejse.staff.models import StaffMember
from borgerrejse.staff.tests.logins import staff_create
from borgerrejse.workbench.tests.conftest import NOW, client_for, funeral_case, referred

pytestmark = pytest.mark.django_db

URL = "/arbejde/print/"


@pytest.fixture(autouse=True)
def print_folder(settings, tmp_path):
    settings.NOTIFICATION_ADAPTERS = {
        **settings.NOTIFICATION_ADAPTERS,
        "digital_post": "borgerrejse.notifications.adapters.digital_post.LocalDigitalPost",
        "print": "borgerrejse.notifications.adapters.printed.PrintFolder",
    }
    settings.NOTIFICATION_FAULTS = {}
    settings.PRINT_DIR = tmp_path / "print"
    adapter_for.cache_clear()
    yield settings.PRINT_DIR
    adapter_for.cache_clear()


def text(response) -> str:
    return html.unescape(response.content.decode())


def granted(case: Case, member: StaffMember) -> Case:
    claimed = case_claim_next(
        user=member.user, departments=member.departments, services=member.skills
    )
    assert claimed is not None and claimed.pk == case.pk
    decision_make(
        case=claimed,
        user=member.user,
        content=DecisionContent(
            outcome=DecisionOutcome.GRANTED,
            reasons=[{"text": {"da": "Boet kan ikke betale."}, "legal_basis": "§ 160"}],
            legal_basis="Sundhedsloven § 160",
            amount=Decimal("12950"),
        ),
    )
    return claimed


def deliver() -> None:
    """What a worker does until nothing is due: claim a batch, deliver each message."""
    while claimed := messages_claim(limit=20):
        for message in claimed:
            message_deliver(message)


@pytest.fixture
def karls_decision(mette) -> Message:
    karl = CitizenFactory(
        exempt=True, first_name="Karl", last_name="Jensen", street="Skovvej 3", city="Aarhus C"
    )
    case = granted(funeral_case(karl), mette)
    deliver()
    return Message.objects.get(case=case, template="decision")


def test_the_page_lists_letters_sent_to_print(mette, karls_decision):
    page = text(client_for(mette).get(URL))

    assert "<h1>Sendt til print</h1>" in page
    assert "Karl Jensen" in page
    assert "Skovvej 3, 8000 Aarhus C" in page
    assert karls_decision.case.number in page
    assert "Afgørelse" in page
    assert karls_decision.subject in page
    assert f"{URL}{karls_decision.public_id}/brev.pdf" in page
    # The receipt went on paper too; Anne's letters went to Digital Post.
    assert "2 breve" in page


def test_digital_post_is_not_on_the_page(mette):
    anne = CitizenFactory(first_name="Annette", last_name="Digital")
    granted(funeral_case(anne), mette)
    deliver()

    page = text(client_for(mette).get(URL))

    assert "Annette Digital" not in page
    assert "Der er ikke sendt nogen breve til print." in page


def test_the_newest_letter_comes_first(mette):
    first = referred(CitizenFactory(exempt=True, last_name="Første"), "begravelseshjaelp")
    deliver()
    with time_machine.travel(NOW + dt.timedelta(minutes=5), tick=False):
        second = referred(CitizenFactory(exempt=True, last_name="Anden"), "begravelseshjaelp")
        deliver()

    page = text(client_for(mette).get(URL))

    assert page.index(second.number) < page.index(first.number)


def test_the_pdf_is_the_file_that_went_to_print(mette, karls_decision, print_folder):
    response = client_for(mette).get(f"{URL}{karls_decision.public_id}/brev.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content == (print_folder / karls_decision.provider_reference).read_bytes()
    assert karls_decision.case.number in response["Content-Disposition"]


def test_the_pdf_is_made_again_once_the_print_service_took_the_file(
    mette, karls_decision, print_folder
):
    (print_folder / karls_decision.provider_reference).unlink()

    response = client_for(mette).get(f"{URL}{karls_decision.public_id}/brev.pdf")

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")


def test_the_front_desk_and_team_leads_see_it_too(world, lone, henrik, karls_decision):
    assert client_for(henrik).get(URL).status_code == 200
    # The front desk sees its own departments' letters: Borgerservice has none here.
    front_desk = text(client_for(lone).get(URL))
    assert "Karl Jensen" not in front_desk


def test_another_department_does_not_see_the_letter(sofie, karls_decision):
    client = client_for(sofie)

    assert "Karl Jensen" not in text(client.get(URL))
    assert client.get(f"{URL}{karls_decision.public_id}/brev.pdf").status_code == 404


@pytest.mark.parametrize("role", ["service_owner", "administrator"])
def test_other_roles_are_refused(world, karls_decision, role):
    member = staff_create(roles=[role], departments=["ydelse"], username=f"x-{role}")
    client = client_for(member)

    assert client.get(URL).status_code == 403
    assert client.get(f"{URL}{karls_decision.public_id}/brev.pdf").status_code == 403


def test_the_menu_links_to_it_for_those_who_may_see_it(world, mette):
    owner = staff_create(roles=["service_owner"], departments=["ydelse"], username="louise")

    assert f'href="{URL}"' in text(client_for(mette).get("/arbejde/mine-sager/"))
    assert f'href="{URL}"' not in text(client_for(owner).get("/arbejde/mine-sager/"))


def test_it_needs_a_staff_login(world):
    response = Client().get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/medarbejder/log-ind/?next=")


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_page_queries_do_not_grow_with_the_letters(mette):
    client = client_for(mette)
    referred(CitizenFactory(exempt=True), "begravelseshjaelp")
    _mark_printed()
    few = _queries(client, URL)

    for _ in range(30):
        referred(CitizenFactory(exempt=True), "enkeltydelse")
    _mark_printed()

    assert _queries(client, URL) == few
    assert _queries(client, f"{URL}?page=2") == few


def _mark_printed() -> None:
    """The receipts the referrals queued, as delivered to print (without making 30 PDFs)."""
    Message.objects.filter(channel=MessageChannel.PRINT).update(
        status=MessageStatus.DELIVERED, delivered_at=NOW
    )
