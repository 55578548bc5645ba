"""The front desk view: finding the citizen, the overview, registering, and assisted
self-service that continues the citizen's own online draft."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from borgerrejse.cases.models import Channel, Status, TimelineEvent
from borgerrejse.cases.services import Actor, case_draft_save, case_draft_start
from borgerrejse.cases.tests.factories import submitted_case
from borgerrejse.catalog.selectors import service_version_get
from borgerrejse.contacts.models import Contact
from borgerrejse.contacts.services import contact_register
from borgerrejse.contacts.tests.conftest import NOW, client_for
from borgerrejse.people.models import Citizen

LOST_CARD = {"reason": "lost"}
PDF = b"%PDF-1.4\n%test\n"


def overview_url(citizen: Citizen) -> str:
    return reverse("workbench:desk_citizen", args=[citizen.pk])


def test_find_a_citizen_by_cpr(citizen, lone):
    response = client_for(lone).post(
        reverse("workbench:desk_search"), {"search-cpr": citizen.cpr.formatted}
    )
    assert response.status_code == 302
    assert response["Location"] == overview_url(citizen)


def test_find_a_citizen_by_name_and_birth_date(citizen, lone):
    response = client_for(lone).post(
        reverse("workbench:desk_search"),
        {
            "search-first_name": citizen.first_name.upper(),
            "search-last_name": citizen.last_name,
            "search-birth_date": citizen.birth_date.strftime("%d-%m-%Y"),
        },
    )
    assert response["Location"] == overview_url(citizen)


def test_an_unknown_or_malformed_cpr_is_said_clearly(citizen, lone):
    client = client_for(lone)
    response = client.post(reverse("workbench:desk_search"), {"search-cpr": "010101-0000"})
    assert response.status_code == 200
    assert "Vi fandt ingen borger" in response.content.decode()
    response = client.post(reverse("workbench:desk_search"), {"search-cpr": "12ab"})
    assert 'aria-invalid="true"' in response.content.decode()
    response = client.post(reverse("workbench:desk_search"), {})
    assert "Skriv et CPR-nummer" in response.content.decode()


def test_the_desk_is_for_staff_who_serve_citizens(citizen, admin):
    assert client_for(admin).get(reverse("workbench:desk_search")).status_code == 403
    assert client_for(admin).get(overview_url(citizen)).status_code in {403, 404}
    anonymous = Client().get(reverse("workbench:desk_search"))
    assert anonymous.status_code == 302


def test_a_caseworker_sees_only_citizens_with_a_case_in_scope(citizen, sofie):
    client = client_for(sofie)
    assert client.get(overview_url(citizen)).status_code == 404
    submitted_case(citizen, "sundhedskort", LOST_CARD)
    assert client.get(overview_url(citizen)).status_code == 200


def test_the_overview_reads_in_a_fixed_number_of_queries(
    citizen, lone, django_assert_max_num_queries
):
    client = client_for(lone)
    client.get(overview_url(citizen))

    def grow() -> None:
        case = submitted_case(citizen, "sundhedskort", LOST_CARD)
        contact_register(
            citizen=citizen,
            channel="phone",
            direction="inbound",
            subject="Opkald",
            cases=[case],
            handler=lone.user,
        )

    grow()
    with django_assert_max_num_queries(20) as few:
        client.get(overview_url(citizen))
    for _ in range(4):
        grow()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(overview_url(citizen))
    assert response.status_code == 200


def test_register_a_contact_in_a_few_keystrokes(citizen, lone):
    case = submitted_case(citizen, "sundhedskort", LOST_CARD)
    response = client_for(lone).post(
        reverse("workbench:desk_contact_add", args=[citizen.pk]),
        {
            "contact-channel": "phone",
            "contact-direction": "inbound",
            "contact-subject": "Hvornår kommer kortet?",
            "contact-cases": [case.number],
            "contact-resolved_at_first_contact": "on",
            "contact-duration_minutes": "3",
        },
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert (contact.channel, contact.duration_seconds) == ("phone", 180)
    assert list(contact.cases.all()) == [case]


def test_a_contact_without_a_subject_is_refused_on_the_field(citizen, lone):
    response = client_for(lone).post(
        reverse("workbench:desk_contact_add", args=[citizen.pk]),
        {"contact-channel": "phone", "contact-direction": "inbound", "contact-subject": ""},
    )
    assert response.status_code == 400
    assert "Skriv, hvad kontakten handlede om." in response.content.decode()
    assert not Contact.objects.exists()


def test_a_scanned_letter_goes_on_the_case_with_its_channel(citizen, lone):
    case = submitted_case(citizen, "sundhedskort", LOST_CARD)
    response = client_for(lone).post(
        reverse("workbench:desk_document_add", args=[citizen.pk]),
        {
            "document-case": case.number,
            "document-channel": "letter",
            "document-description": "Brev om adresse",
            "document-file": SimpleUploadedFile("brev.pdf", PDF, "application/pdf"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = case.timeline.get(kind=TimelineEvent.Kind.DOCUMENT_RECEIVED)
    assert event.channel == Channel.LETTER
    assert case.attachments.get().original_name == "brev.pdf"
    assert Contact.objects.get().channel == Channel.LETTER


def test_a_document_that_is_not_a_pdf_is_refused(citizen, lone):
    case = submitted_case(citizen, "sundhedskort", LOST_CARD)
    response = client_for(lone).post(
        reverse("workbench:desk_document_add", args=[citizen.pk]),
        {
            "document-case": case.number,
            "document-channel": "email",
            "document-description": "Mail",
            "document-file": SimpleUploadedFile("mail.pdf", b"not a pdf", "application/pdf"),
        },
    )
    assert response.status_code == 400
    assert "PDF" in response.content.decode()


def test_exemption_at_the_desk_shows_at_once(citizen, lone):
    client = client_for(lone)
    response = client.post(
        reverse("workbench:desk_exemption", args=[citizen.pk]),
        {"exemption-reason": "impairment", "exemption-until": "01-03-2027"},
    )
    assert response.status_code == 302
    page = client.get(overview_url(citizen)).content.decode()
    assert "Fritaget" in page
    citizen.refresh_from_db()
    assert citizen.digital_post_exempt_reason == "impairment"


def test_a_draft_begun_online_is_finished_at_the_desk(citizen, lone):
    """The same case: the citizen's step 1 answers kept, the switch on the timeline."""
    actor = Actor.for_citizen(citizen)
    version = service_version_get(slug="flytning", on=NOW.date())
    draft = case_draft_start(
        citizen=citizen, service_version=version, channel=Channel.WEB, actor=actor
    )
    case_draft_save(
        case=draft,
        answers={
            "move_date": "2026-03-01",
            "new_address": "Nørregade 1, 8000 Aarhus C",
            "address_is_registered_dwelling": True,
            "moving_from_other_municipality": False,
        },
        current_step="household",
        actor=actor,
        channel=Channel.WEB,
    )
    client = client_for(lone)
    response = client.post(
        reverse("workbench:desk_draft_continue", args=[citizen.pk, draft.public_id])
    )
    assert response.status_code == 302
    assert response["Location"].endswith("/trin/household/")
    page = client.get(response["Location"])
    assert page.status_code == 200
    response = client.post(response["Location"], {"others_moving": "false"})
    assert response.status_code == 302, response.content.decode()[:3000]
    summary = client.get(response["Location"])
    assert "Nørregade 1" in summary.content.decode()
    response = client.post(response["Location"], {"decision_preference": "caseworker"})
    assert response.status_code == 302, response.content.decode()[:3000]
    draft.refresh_from_db()
    assert draft.status != Status.DRAFT
    channels = list(draft.timeline.values_list("kind", "channel"))
    assert ("started", "web") in channels
    assert ("channel_switched", "desk") in channels
    assert ("submitted", "desk") in channels
    submitted = draft.timeline.get(kind="submitted")
    assert submitted.actor_kind == "staff"
    assert submitted.actor_name == lone.full_name
    assert Contact.objects.get(cases=draft).channel == Channel.DESK


def test_a_draft_begun_at_the_desk_waits_on_my_page(citizen, lone):
    client = client_for(lone)
    response = client.post(
        reverse("workbench:desk_application_start", args=[citizen.pk]),
        {"start-service": "flytning"},
    )
    assert response.status_code == 302
    draft = citizen.cases.get()
    assert draft.intake_channel == Channel.DESK
    assert draft.status == Status.DRAFT
    from borgerrejse.cases.selectors import drafts_for_citizen

    # The portal's My page lists the citizen's drafts through this selector.
    assert list(drafts_for_citizen(citizen=citizen)) == [draft]


def test_staff_cannot_open_another_citizens_draft(citizen, lone):
    from borgerrejse.people.tests.factories import CitizenFactory

    other = CitizenFactory()
    version = service_version_get(slug="flytning", on=NOW.date())
    draft = case_draft_start(
        citizen=other, service_version=version, channel=Channel.WEB, actor=Actor.for_citizen(other)
    )
    response = client_for(lone).post(
        reverse("workbench:desk_draft_continue", args=[citizen.pk, draft.public_id])
    )
    assert response.status_code == 404
