"""The case view: answers, attachments, the rules' proposal and trace, the timeline, the
citizen; and who may open it."""

from __future__ import annotations

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from borgerrejse.cases.models import Channel, DecisionPreference
from borgerrejse.cases.services import (
    Actor,
    case_assign,
    case_attachment_add,
    case_draft_save,
    case_draft_start,
    case_note_add,
    case_submit,
)
from borgerrejse.cases.tests.factories import TODAY
from borgerrejse.catalog.selectors import service_version_get
from borgerrejse.people.tests.factories import CitizenFactory
from borgerrejse.staff.tests.logins import staff_create
from borgerrejse.workbench.tests.conftest import (
    FUNERAL_UNKNOWN_ESTATE,
    LOST_CARD,
    client_for,
    funeral_case,
    referred,
)

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def text(response) -> str:
    return html.unescape(response.content.decode())


def funeral_with_invoice(citizen):
    actor = Actor.for_citizen(citizen)
    version = service_version_get(slug="begravelseshjaelp", on=TODAY)
    case = case_draft_start(
        citizen=citizen, service_version=version, channel=Channel.WEB, actor=actor
    )
    case_attachment_add(
        case=case,
        slot="funeral_invoice",
        upload=SimpleUploadedFile("regning.pdf", PDF),
        actor=actor,
        channel=Channel.WEB,
    )
    case = case_draft_save(
        case=case,
        answers=FUNERAL_UNKNOWN_ESTATE,
        current_step="summary",
        actor=actor,
        channel=Channel.WEB,
    )
    return case_submit(
        case=case,
        decision_preference=DecisionPreference.INSTANT,
        actor=actor,
        channel=Channel.WEB,
        today=TODAY,
    )


def test_the_answers_are_shown_by_their_questions(mette, citizen):
    case = funeral_case(citizen)

    page = text(client_for(mette).get(f"/arbejde/sager/{case.number}/"))

    assert "<h1>Begravelseshjælp</h1>" in page
    assert "<dt>Hvornår blev afdøde født?</dt><dd>1. maj 1950</dd>" in page
    assert "<dt>Hvor stor var afdødes formue på dødsdagen?</dt><dd>Ved ikke</dd>" in page
    assert "<dt>Hvad kostede begravelsen i alt?</dt><dd>20.000 kr.</dd>" in page
    assert "<dt>Efterlader afdøde en ægtefælle eller børn under 18 år?</dt><dd>nej</dd>" in page


def test_what_the_rules_proposed_and_why(mette, citizen):
    case = funeral_case(citizen)

    page = text(client_for(mette).get(f"/arbejde/sager/{case.number}/"))

    assert "Sendt til en sagsbehandler" in page
    assert (
        "<dt>Mangler oplysninger om</dt><dd>Hvor stor var afdødes formue på dødsdagen?</dd>" in page
    )
    # The trace: each value and rule, its result, and what it read, in words.
    assert "Sådan regnede reglerne (sporing)" in page
    assert '<span class="badge badge-warning">Mangler oplysninger</span>' in page
    assert '<span class="badge ">Ikke opfyldt</span>' in page
    assert (
        "<div><dt>Formuegrænse uden ægtefælle eller børn under 18 år</dt><dd>21.700 kr.</dd></div>"
        in page
    )
    assert "<code>max(0, estate_wealth_dkk - wealth_limit)</code>" in page
    # A rule that did not hold says what it is about, with the values it read.
    assert "Afdøde var under 18 år." in page


def test_a_granted_rule_shows_its_reason(sofie, citizen):
    case = referred(citizen, "sundhedskort", LOST_CARD)

    page = text(client_for(sofie).get(f"/arbejde/sager/{case.number}/"))

    assert '<span class="badge badge-success">Opfyldt</span>' in page
    assert "Begrundelse: Dit kort er væk. Et nyt kort koster 225 kr." in page
    assert "<dt>Beløb</dt><dd>225 kr.</dd>" in page


def test_attachments_are_listed_and_downloaded_through_access(mette, signe, citizen):
    case = funeral_with_invoice(citizen)
    attachment = case.attachments.get()
    client = client_for(mette)

    page = text(client.get(f"/arbejde/sager/{case.number}/"))
    url = f"/arbejde/sager/{case.number}/bilag/{attachment.pk}/"
    assert f'href="{url}">regning.pdf</a>' in page
    assert "Regning for begravelsen" in page

    response = client.get(url)
    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]

    assert client_for(signe).get(url).status_code == 404
    assert (
        client.get(f"/arbejde/sager/{case.number}/bilag/{attachment.pk + 99}/").status_code == 404
    )


def test_the_timeline_shows_internal_events_marked(mette, citizen):
    case = funeral_case(citizen)
    case_note_add(case=case, user=mette.user, text="Ringede til bedemanden.")

    page = text(client_for(mette).get(f"/arbejde/sager/{case.number}/"))
    timeline = page[page.index('id="timeline"') :]

    assert "Ansøgning modtaget" in timeline
    assert "Sendt til en sagsbehandler" in timeline
    note = timeline[timeline.index("Intern note") :][:400]
    assert '<span class="badge">Intern</span>' in note
    assert "Ringede til bedemanden." in note
    # Saving a step is internal too.
    assert timeline.count('class="timeline-internal"') >= 2


def test_the_citizens_context(mette, world):
    citizen = CitizenFactory(exempt=True, preferred_language="en")
    case = funeral_case(citizen)
    other = referred(citizen, "enkeltydelse", {})
    hidden = referred(citizen, "sundhedskort", LOST_CARD)  # Borgerservice: not in scope

    page = text(client_for(mette).get(f"/arbejde/sager/{case.number}/"))
    aside = page[page.index('id="citizen"') :]

    assert citizen.full_name in aside
    assert "Engelsk" in aside
    assert "Brev med posten, Telefon" in aside
    assert "Fritaget" in aside
    assert "Kognitiv eller fysisk funktionsnedsættelse" in aside
    assert other.number in aside
    assert hidden.number not in aside


def test_the_case_view_names_the_handler(mette, citizen):
    case = funeral_case(citizen)
    case_assign(case=case, handler=mette.user, assigned_by=mette.user)

    page = text(client_for(mette).get(f"/arbejde/sager/{case.number}/"))

    assert f"<dt>Sagsbehandler</dt><dd>{mette.full_name}</dd>" in page
    assert "Din sag" in page


def test_the_case_view_queries_do_not_grow_with_the_history(mette, citizen):
    case = funeral_case(citizen)
    client = client_for(mette)
    url = f"/arbejde/sager/{case.number}/"
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    for number in range(5):
        case_note_add(case=case, user=mette.user, text=f"Note {number}.")
        referred(citizen, "enkeltydelse", {})

    with CaptureQueriesContext(connection) as again:
        client.get(url)

    assert len(again) == len(queries)


# Who may open a case


def test_a_case_of_another_department_is_not_found(signe, sofie, citizen):
    case = funeral_case(citizen)

    assert client_for(signe).get(f"/arbejde/sager/{case.number}/").status_code == 404
    assert client_for(sofie).get(f"/arbejde/sager/{case.number}/").status_code == 404
    assert client_for(sofie).get("/arbejde/sager/2026-999999/").status_code == 404


def test_an_administrator_sees_no_case(world, citizen):
    admin = staff_create(roles=["administrator"], departments=[], username="tobias")
    case = funeral_case(citizen)

    assert client_for(admin).get(f"/arbejde/sager/{case.number}/").status_code == 404


def test_the_front_desk_may_look_and_note_but_not_decide(lone, citizen):
    case = referred(citizen, "sundhedskort", LOST_CARD)
    client = client_for(lone)

    page = text(client.get(f"/arbejde/sager/{case.number}/"))
    assert "Gem noten" in page
    assert "Træf afgørelse" not in page
    assert "Tag sagen" not in page

    assert client.get(f"/arbejde/sager/{case.number}/afgoerelse/").status_code == 403
    assert client.post(f"/arbejde/sager/{case.number}/tag/").status_code == 403


def test_a_service_owner_may_only_look(world, citizen):
    owner = staff_create(roles=["service_owner"], departments=["ydelse"], username="louise")
    case = funeral_case(citizen)
    client = client_for(owner)

    assert client.get(f"/arbejde/sager/{case.number}/").status_code == 200
    response = client.post(f"/arbejde/sager/{case.number}/noter/", {"note-text": "Hej"})
    assert response.status_code == 403
