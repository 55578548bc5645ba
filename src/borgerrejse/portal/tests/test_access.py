"""Authorisation: a citizen reaches only their own drafts, cases, decisions and letters.

Every such page fetches through the `access_*_for_citizen` helpers, which answer "not
found" for anything that is not the citizen's. So James gets 404 on all of Anne's pages,
and learns nothing about whether they exist. A visitor who is not logged in is sent to
the login page first.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from borgerrejse.cases.models import Case, Status
from borgerrejse.cases.services import Actor, case_attachment_add
from borgerrejse.cases.tests.factories import submitted_case
from borgerrejse.portal.tests.journey import FUNERAL_DECEASED, PDF, next_step, start


@dataclass(frozen=True)
class Pages:
    draft: Case
    attachment_id: int
    case: Case
    decision_id: int


@pytest.fixture
def annes_pages(anne_client, anne) -> Pages:
    first = start(anne_client, "begravelseshjaelp")
    next_step(anne_client, first, FUNERAL_DECEASED)
    draft = Case.objects.get(citizen=anne, status=Status.DRAFT)
    attachment = case_attachment_add(
        case=draft,
        slot="funeral_invoice",
        upload=SimpleUploadedFile("regning.pdf", PDF),
        actor=Actor.for_citizen(anne),
        channel="web",
    )
    case = submitted_case(anne, "sundhedskort", {"reason": "lost"})
    return Pages(draft, attachment.pk, case, case.decisions.get().pk)


# (method, address) for every page that shows or changes a draft, case or decision.
PAGES = [
    ("get", "/ansoegning/{draft}/"),
    ("get", "/ansoegning/{draft}/deceased/"),
    ("post", "/ansoegning/{draft}/deceased/"),
    ("get", "/ansoegning/{draft}/bilag/"),
    ("post", "/ansoegning/{draft}/bilag/"),
    ("post", "/ansoegning/{draft}/bilag/{attachment}/fjern/"),
    ("get", "/ansoegning/{draft}/opsummering/"),
    ("post", "/ansoegning/{draft}/opsummering/"),
    ("get", "/sager/{case}/"),
    ("get", "/sager/{case}/kvittering/"),
    ("get", "/sager/{case}/afgoerelse/{decision}/"),
    ("get", "/sager/{case}/afgoerelse/{decision}/brev.pdf"),
    ("get", "/sager/{case}/klag/"),
    ("post", "/sager/{case}/klag/"),
    ("get", "/en/sager/{case}/"),
    ("get", "/en/ansoegning/{draft}/deceased/"),
]


def _address(template: str, pages: Pages) -> str:
    return template.format(
        draft=pages.draft.public_id,
        attachment=pages.attachment_id,
        case=pages.case.number,
        decision=pages.decision_id,
    )


@pytest.mark.parametrize(("method", "template"), PAGES)
def test_another_citizen_gets_404(annes_pages, james_client, method, template):
    address = _address(template, annes_pages)

    response = getattr(james_client, method)(address, {"reason": "Uenig", "_action": "next"})

    assert response.status_code == 404, address


@pytest.mark.parametrize(("method", "template"), PAGES)
def test_nothing_changes_when_another_citizen_tries(annes_pages, james_client, method, template):
    getattr(james_client, method)(_address(template, annes_pages), {"reason": "Uenig"})

    draft = Case.objects.get(pk=annes_pages.draft.pk)
    case = Case.objects.get(pk=annes_pages.case.pk)
    assert draft.status == Status.DRAFT
    assert draft.attachments.count() == 1
    assert case.status == Status.DECIDED


@pytest.mark.parametrize("template", [template for method, template in PAGES if method == "get"])
def test_the_owner_reaches_every_page(annes_pages, anne_client, template):
    response = anne_client.get(_address(template, annes_pages))

    assert response.status_code in {200, 302}


@pytest.mark.parametrize(("method", "template"), PAGES)
def test_a_visitor_is_sent_to_the_login_page(annes_pages, client, method, template):
    address = _address(template, annes_pages)

    response = getattr(client, method)(address)

    assert response.status_code == 302
    assert response["Location"].startswith("/log-ind/?next=") or response["Location"].startswith(
        "/en/log-ind/?next="
    )


def test_a_decision_of_another_case_is_404_under_the_wrong_number(annes_pages, anne_client, anne):
    other = submitted_case(anne, "sundhedskort", {"reason": "moved"})

    response = anne_client.get(f"/sager/{other.number}/afgoerelse/{annes_pages.decision_id}/")

    assert response.status_code == 404


def test_a_draft_number_that_does_not_exist_is_404(anne_client):
    response = anne_client.get("/ansoegning/00000000-0000-0000-0000-000000000000/")

    assert response.status_code == 404
