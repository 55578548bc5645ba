"""The channel rules as a table: purpose × Digital Post exemption × preferred channels ×
what is on file → the channel (notifications/channels.py)."""

import datetime as dt

import pytest

from borgerrejse.notifications.channels import message_channel
from borgerrejse.notifications.models import MessageChannel, Purpose
from borgerrejse.people.models import DigitalPostExemptionReason
from borgerrejse.people.models import PreferredChannel as P
from borgerrejse.people.tests.factories import CitizenFactory

TODAY = dt.date(2026, 3, 2)
LETTER, NOTICE = Purpose.LETTER, Purpose.NOTICE
DP, PRINT, EMAIL, SMS = (
    MessageChannel.DIGITAL_POST,
    MessageChannel.PRINT,
    MessageChannel.EMAIL,
    MessageChannel.SMS,
)
BOTH, EMAIL_ONLY, PHONE_ONLY, NEITHER = (True, True), (True, False), (False, True), (False, False)

TABLE = [
    # purpose, exempt, preferred channels,       (email, phone) on file, channel
    # Letters go to the official mailbox whatever the citizen prefers (lov om Digital Post).
    (LETTER, False, [P.DIGITAL_POST], BOTH, DP),
    (LETTER, False, [P.EMAIL, P.SMS], BOTH, DP),
    (LETTER, False, [P.LETTER], BOTH, DP),
    (LETTER, False, [], NEITHER, DP),
    # … or on paper to a citizen exempt from Digital Post.
    (LETTER, True, [P.DIGITAL_POST], BOTH, PRINT),
    (LETTER, True, [P.EMAIL], BOTH, PRINT),
    (LETTER, True, [], NEITHER, PRINT),
    # Notices follow the preferences, in order, among Digital Post, e-mail and SMS.
    (NOTICE, False, [P.DIGITAL_POST, P.EMAIL], BOTH, DP),
    (NOTICE, False, [P.EMAIL, P.DIGITAL_POST], BOTH, EMAIL),
    (NOTICE, False, [P.SMS, P.EMAIL], BOTH, SMS),
    (NOTICE, False, [P.PHONE, P.DESK, P.SMS], BOTH, SMS),
    # A preference needs an address or number on file; the next one is tried.
    (NOTICE, False, [P.EMAIL, P.SMS], PHONE_ONLY, SMS),
    (NOTICE, False, [P.SMS, P.EMAIL], EMAIL_ONLY, EMAIL),
    (NOTICE, False, [P.SMS, P.DIGITAL_POST], EMAIL_ONLY, DP),
    # Nothing usable: what a letter would use.
    (NOTICE, False, [P.EMAIL, P.SMS], NEITHER, DP),
    (NOTICE, False, [P.LETTER, P.PHONE], BOTH, DP),
    (NOTICE, False, [], BOTH, DP),
    # An exempt citizen's Digital Post preference is skipped: the mailbox is not read.
    (NOTICE, True, [P.DIGITAL_POST, P.EMAIL], BOTH, EMAIL),
    (NOTICE, True, [P.DIGITAL_POST, P.SMS], PHONE_ONLY, SMS),
    (NOTICE, True, [P.DIGITAL_POST], BOTH, PRINT),
    (NOTICE, True, [P.EMAIL], PHONE_ONLY, PRINT),
    (NOTICE, True, [P.LETTER, P.PHONE], BOTH, PRINT),
]


@pytest.mark.parametrize(("purpose", "exempt", "preferred", "on_file", "channel"), TABLE)
def test_the_channel_table(purpose, exempt, preferred, on_file, channel):
    has_email, has_phone = on_file
    citizen = CitizenFactory.build(
        preferred_channels=preferred,
        email="anne@example.com" if has_email else "",
        phone="+4520304050" if has_phone else "",
        digital_post_exempt_reason=DigitalPostExemptionReason.IMPAIRMENT if exempt else "",
        digital_post_exempt_until=TODAY + dt.timedelta(days=30) if exempt else None,
    )

    assert message_channel(citizen=citizen, purpose=purpose, on=TODAY) == channel


@pytest.mark.parametrize(
    ("until", "channel"),
    [
        (TODAY, PRINT),  # the last day of the exemption counts
        (TODAY - dt.timedelta(days=1), DP),  # an exemption that has run out does not
    ],
)
def test_an_exemption_counts_until_and_including_its_last_day(until, channel):
    citizen = CitizenFactory.build(
        digital_post_exempt_reason=DigitalPostExemptionReason.NO_COMPUTER_OR_INTERNET,
        digital_post_exempt_until=until,
    )

    assert message_channel(citizen=citizen, purpose=LETTER, on=TODAY) == channel


def test_every_purpose_is_in_the_table():
    assert {row[0] for row in TABLE} == set(Purpose)
    assert {row[-1] for row in TABLE} == set(MessageChannel)
