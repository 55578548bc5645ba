"""Registering, rating and merging contacts; the exemption from Digital Post at the desk."""

from __future__ import annotations

import datetime as dt

import pytest

from borgerrejse.cases.models import Channel, DecisionPreference
from borgerrejse.cases.tests.factories import submitted_case
from borgerrejse.contacts.models import Direction, HandlerKind
from borgerrejse.contacts.selectors import contact_timeline
from borgerrejse.contacts.services import (
    ContactError,
    contact_digital_post_exemption_grant,
    contact_rate,
    contact_register,
)
from borgerrejse.notifications.models import Message, MessageChannel
from borgerrejse.people.models import DigitalPostExemptionReason
from borgerrejse.people.tests.factories import CitizenFactory

LOST_CARD = {"reason": "lost"}


def phone_call(citizen, lone, **kwargs):
    return contact_register(
        citizen=citizen,
        channel=kwargs.pop("channel", Channel.PHONE),
        direction=Direction.INBOUND,
        subject="Spørger til sundhedskort",
        handler=lone.user,
        **kwargs,
    )


def test_a_contact_records_who_what_and_how_long(citizen, lone):
    case = submitted_case(citizen, "sundhedskort", LOST_CARD)
    first = phone_call(citizen, lone, cases=[case], duration_seconds=240)
    follow_up = phone_call(
        citizen, lone, follows_up=first, resolved_at_first_contact=True, channel=Channel.VIDEO
    )
    assert first.handler_kind == HandlerKind.STAFF
    assert first.handler_name == lone.user.get_full_name()
    assert list(first.cases.all()) == [case]
    assert follow_up.follows_up == first
    assert follow_up.resolved_at_first_contact


def test_automation_handles_a_contact_without_a_person(citizen):
    contact = contact_register(
        citizen=citizen,
        channel=Channel.EMAIL,
        direction=Direction.OUTBOUND,
        subject="Kvittering",
        handler=None,
    )
    assert contact.handler_kind == HandlerKind.AUTOMATION
    assert not contact.can_rate()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"channel": Channel.SYSTEM}, "channel"),
        ({"channel": "fax"}, "channel"),
        ({"direction": "sideways"}, "direction"),
        ({"subject": "   "}, "subject"),
        ({"duration_seconds": -1}, "duration"),
    ],
)
def test_bad_input_is_refused_on_its_field(citizen, lone, changes, field):
    arguments = {
        "citizen": citizen,
        "channel": Channel.PHONE,
        "direction": Direction.INBOUND,
        "subject": "Spørgsmål",
        "handler": lone.user,
        **changes,
    }
    with pytest.raises(ContactError) as refused:
        contact_register(**arguments)
    assert refused.value.field == field


def test_a_contact_cannot_concern_another_citizens_case(citizen, lone):
    other = submitted_case(CitizenFactory(), "sundhedskort", LOST_CARD)
    with pytest.raises(ContactError, match="anden borger"):
        phone_call(citizen, lone, cases=[other])


@pytest.mark.parametrize("rating", [0, 6, -1])
def test_a_rating_is_from_1_to_5(citizen, lone, rating):
    contact = phone_call(citizen, lone)
    with pytest.raises(ContactError, match="1 til 5"):
        contact_rate(citizen=citizen, contact=contact, rating=rating)


def test_a_contact_is_rated_once_by_its_own_citizen(citizen, lone):
    contact = phone_call(citizen, lone)
    with pytest.raises(ContactError):
        contact_rate(citizen=CitizenFactory(), contact=contact, rating=4)
    rated = contact_rate(citizen=citizen, contact=contact, rating=4)
    assert rated.rating == 4
    assert rated.rated_at is not None
    with pytest.raises(ContactError, match="allerede"):
        contact_rate(citizen=citizen, contact=contact, rating=5)


def test_the_timeline_merges_web_submissions_with_contacts_newest_first(citizen, lone):
    case = submitted_case(citizen, "sundhedskort", LOST_CARD)
    phone_call(citizen, lone, cases=[case])
    for_citizen = contact_timeline(citizen=citizen)
    for_case = contact_timeline(case=case)
    assert [e.channel for e in for_citizen] == [Channel.PHONE, Channel.WEB]
    assert [e.channel for e in for_case] == [Channel.PHONE, Channel.WEB]
    assert for_citizen[1].case_numbers == (case.number,)


def test_the_timeline_reads_in_three_queries(citizen, lone, django_assert_num_queries):
    for _ in range(3):
        case = submitted_case(citizen, "sundhedskort", LOST_CARD)
        phone_call(citizen, lone, cases=[case])
    with django_assert_num_queries(3):
        contact_timeline(citizen=citizen)


def test_an_exemption_at_the_desk_sends_the_next_letter_on_paper(citizen, lone):
    before = submitted_case(citizen, "sundhedskort", LOST_CARD)
    assert Message.objects.filter(case=before, channel=MessageChannel.PRINT).count() == 0
    contact = contact_digital_post_exemption_grant(
        citizen=citizen,
        reason=DigitalPostExemptionReason.NO_COMPUTER_OR_INTERNET,
        until=dt.date(2027, 3, 1),
        handler=lone.user,
    )
    assert contact.channel == Channel.DESK
    citizen.refresh_from_db()
    assert citizen.is_digital_post_exempt(dt.date(2026, 3, 2))
    after = submitted_case(
        citizen, "sundhedskort", LOST_CARD, preference=DecisionPreference.INSTANT
    )
    channels = set(Message.objects.filter(case=after).values_list("channel", flat=True))
    assert MessageChannel.PRINT in channels
    assert MessageChannel.DIGITAL_POST not in channels


def test_an_exemption_needs_a_reason_and_a_future_end(citizen, lone):
    with pytest.raises(ContactError) as refused:
        contact_digital_post_exemption_grant(
            citizen=citizen, reason="bored", until=dt.date(2027, 1, 1), handler=lone.user
        )
    assert refused.value.field == "reason"
    with pytest.raises(ContactError) as refused:
        contact_digital_post_exemption_grant(
            citizen=citizen,
            reason=DigitalPostExemptionReason.IMPAIRMENT,
            until=dt.date(2020, 1, 1),
            handler=lone.user,
        )
    assert refused.value.field == "until"


def test_a_draft_begun_at_the_desk_is_finished_online_as_the_same_case(citizen, lone):
    from borgerrejse.cases.services import Actor, case_draft_save, case_draft_start, case_submit
    from borgerrejse.cases.services.intake import case_draft_continue
    from borgerrejse.catalog.selectors import service_version_get

    desk = Actor("staff", lone.full_name)
    version = service_version_get(slug="sundhedskort", on=dt.date(2026, 3, 2))
    draft = case_draft_start(
        citizen=citizen, service_version=version, channel=Channel.DESK, actor=desk
    )
    online = Actor.for_citizen(citizen)
    case_draft_continue(case=draft, channel=Channel.WEB, actor=online)
    case_draft_continue(case=draft, channel=Channel.WEB, actor=online)  # a repeat: no-op
    case_draft_save(
        case=draft, answers=LOST_CARD, current_step="summary", actor=online, channel=Channel.WEB
    )
    case = case_submit(
        case=draft,
        decision_preference=DecisionPreference.INSTANT,
        actor=online,
        channel=Channel.WEB,
    )
    assert case.pk == draft.pk
    kinds = list(case.timeline.values_list("kind", "channel"))
    assert kinds[:3] == [("started", "desk"), ("channel_switched", "web"), ("step_saved", "web")]
    assert ("submitted", "web") in kinds
