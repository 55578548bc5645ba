"""Contacts from every channel show in one timeline per citizen and per case, in the
staff API and on the front desk's citizen page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from borgerrejse.cases.models import Channel
from borgerrejse.cases.tests.factories import submitted_case
from borgerrejse.contacts.models import Direction
from borgerrejse.contacts.services import contact_register
from borgerrejse.contacts.tests.conftest import client_for
from borgerrejse.people.tests.factories import CitizenFactory

LOST_CARD = {"reason": "lost"}
CHANNELS = [Channel.WEB, Channel.PHONE, Channel.DESK, Channel.VIDEO, Channel.EMAIL, Channel.LETTER]


@pytest.fixture
def case(citizen):
    # Borgerservice's own service, so the caseworker in Borgerservice sees it too.
    return submitted_case(citizen, "sundhedskort", LOST_CARD)


def contact_on(channel, citizen, case, lone):
    if channel == Channel.WEB:
        return  # the submission itself is the web contact
    contact_register(
        citizen=citizen,
        channel=channel,
        direction=Direction.INBOUND,
        subject=f"Kontakt via {channel}",
        cases=[case],
        handler=lone.user,
    )


@pytest.mark.parametrize("channel", CHANNELS)
def test_the_api_shows_a_contact_per_citizen_and_per_case(channel, citizen, case, lone):
    contact_on(channel, citizen, case, lone)
    client = client_for(lone)
    for url in (
        f"/api/v1/staff/citizens/{citizen.pk}/contacts",
        f"/api/v1/staff/cases/{case.number}/contacts",
    ):
        response = client.get(url)
        assert response.status_code == 200, response.content
        assert channel in [entry["channel"] for entry in response.json()]
        entry = next(e for e in response.json() if e["channel"] == channel)
        assert entry["case_numbers"] == [case.number]


@pytest.mark.parametrize("channel", CHANNELS)
def test_the_desk_view_shows_a_contact_from_every_channel(channel, citizen, case, lone):
    contact_on(channel, citizen, case, lone)
    response = client_for(lone).get(reverse("workbench:desk_citizen", args=[citizen.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'class="contact-{channel}"' in html
    assert case.number in html


@pytest.mark.parametrize("channel", CHANNELS)
def test_the_case_view_shows_the_case_contacts_from_every_channel(channel, citizen, case, sofie):
    other = submitted_case(citizen, "sundhedskort", LOST_CARD)
    contact_on(channel, citizen, case, sofie)
    contact_register(
        citizen=citizen,
        channel=Channel.PHONE,
        direction=Direction.INBOUND,
        subject="Om en anden sag",
        cases=[other],
        handler=sofie.user,
    )

    response = client_for(sofie).get(reverse("workbench:case", args=[case.number]))

    assert response.status_code == 200
    contacts = response.content.decode().split('id="contacts"')[1].split("</section>")[0]
    assert f'class="contact-{channel}"' in contacts
    assert "Om en anden sag" not in contacts  # only this case's contacts


def test_a_contact_is_registered_through_the_api(citizen, case, lone):
    response = client_for(lone).post(
        f"/api/v1/staff/citizens/{citizen.pk}/contacts",
        {
            "channel": "phone",
            "direction": "outbound",
            "subject": "Vi ringede om kortet",
            "case_numbers": [case.number],
            "duration_seconds": 120,
            "resolved_at_first_contact": True,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["channel"] == "phone"
    assert body["handler_name"] == lone.user.get_full_name()
    assert body["case_numbers"] == [case.number]


def test_the_api_refuses_another_citizens_case_and_a_bad_channel(citizen, lone):
    other = submitted_case(CitizenFactory(), "sundhedskort", LOST_CARD)
    client = client_for(lone)
    url = f"/api/v1/staff/citizens/{citizen.pk}/contacts"
    response = client.post(
        url,
        {
            "channel": "phone",
            "direction": "inbound",
            "subject": "x",
            "case_numbers": [other.number],
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "case_numbers" in response.json()["errors"]
    response = client.post(
        url,
        {"channel": "system", "direction": "inbound", "subject": "x"},
        content_type="application/json",
    )
    assert response.status_code == 400


def test_the_api_hides_citizens_and_cases_out_of_scope(citizen, case, admin, world):
    from borgerrejse.staff.tests.logins import staff_create

    stranger = staff_create(roles=["caseworker"], departments=["social"], username="signe")
    assert (
        client_for(stranger).get(f"/api/v1/staff/citizens/{citizen.pk}/contacts").status_code == 404
    )
    assert (
        client_for(stranger).get(f"/api/v1/staff/cases/{case.number}/contacts").status_code == 404
    )
    assert client_for(admin).get(f"/api/v1/staff/citizens/{citizen.pk}/contacts").status_code in {
        403,
        404,
    }
    from django.test import Client

    assert Client().get(f"/api/v1/staff/citizens/{citizen.pk}/contacts").status_code == 401
