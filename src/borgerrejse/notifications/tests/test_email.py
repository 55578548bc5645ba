"""E-mail through Django's SMTP backend, against a real SMTP server on localhost
(`smtp_sink`, the same server as `borgerrejse smtp_sink`): what arrives, and what each
way of failing does to the message."""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import smtplib
import threading
import time
import zoneinfo
from collections.abc import Iterator

import pytest
import time_machine
from django.core.management import call_command

from borgerrejse.cases.models import DecisionPreference
from borgerrejse.cases.tests.factories import submitted_case
from borgerrejse.notifications.adapters.base import (
    Document,
    Outgoing,
    PermanentDeliveryError,
    Recipient,
    TemporaryDeliveryError,
)
from borgerrejse.notifications.adapters.email import SmtpEmail, message_id_for
from borgerrejse.notifications.models import DeliveryAttempt, Message, MessageStatus
from borgerrejse.notifications.smtp_sink import maildir_messages
from borgerrejse.notifications.tests.conftest import free_port
from borgerrejse.people.models import Citizen, PreferredChannel
from borgerrejse.people.tests.factories import CitizenFactory

NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Copenhagen"))
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def outgoing(email: str = "anne.hansen@example.com", **changes) -> Outgoing:
    return Outgoing(
        idempotency_key=changes.pop("key", "event:41:receipt"),
        recipient=Recipient(name="Anne Hansen", email=email),
        subject="Vi har fået din ansøgning om sundhedskort",
        body="Din sag har nummer 2026-000041.\n\nDu kan følge sagen på Min side.",
        language="da",
        **changes,
    )


# What arrives


def test_the_message_arrives_with_subject_body_attachment_and_message_id(smtp_sink):
    letter = Document(filename="brev.pdf", content_type="application/pdf", content=PDF)

    reference = SmtpEmail().send(outgoing(documents=(letter,)))

    (mail,) = smtp_sink.messages()
    assert mail["Subject"] == "Vi har fået din ansøgning om sundhedskort"
    assert mail["To"].addresses[0].addr_spec == "anne.hansen@example.com"
    assert mail["To"].addresses[0].display_name == "Anne Hansen"
    assert mail["Delivered-To"] == "anne.hansen@example.com"
    assert mail["Message-ID"] == reference == message_id_for("event:41:receipt")
    assert mail["Auto-Submitted"] == "auto-generated"
    body = mail.get_body(preferencelist=("plain",))
    assert body is not None
    assert "Din sag har nummer 2026-000041." in body.get_content()
    (attachment,) = list(mail.iter_attachments())
    assert attachment.get_filename() == "brev.pdf"
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content() == PDF


def test_the_message_id_follows_the_key_and_names_this_installation(settings):
    settings.PUBLIC_BASE_URL = "https://selvbetjening.kommune.example"

    first = message_id_for("event:41:receipt")

    assert first == message_id_for("event:41:receipt")
    assert first != message_id_for("event:42:receipt")
    assert first.startswith("<") and first.endswith("@selvbetjening.kommune.example>")
    assert ":" not in first


def test_a_retry_after_a_crash_sends_the_same_message_id(smtp_sink):
    """SMTP is at-least-once: a second send is a second e-mail, but mail clients see the
    same Message-ID and show one."""
    SmtpEmail().send(outgoing())
    SmtpEmail().send(outgoing())

    ids = {mail["Message-ID"] for mail in smtp_sink.messages()}
    assert len(smtp_sink.messages()) == 2
    assert ids == {message_id_for("event:41:receipt")}


# Failing for good: no retry can help


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("", "Borgeren har ingen e-mailadresse."),
        ("   ", "Borgeren har ingen e-mailadresse."),
        ("anne.hansen", "Ugyldig e-mailadresse: anne.hansen"),
        ("anne@", "Ugyldig e-mailadresse: anne@"),
        ("anne hansen@example.com", "Ugyldig e-mailadresse: anne hansen@example.com"),
    ],
)
def test_a_missing_or_invalid_address_fails_for_good_without_connecting(smtp_sink, address, reason):
    with pytest.raises(PermanentDeliveryError, match=re.escape(reason)):
        SmtpEmail().send(outgoing(address))

    assert smtp_sink.messages() == []


def test_a_mailbox_the_server_does_not_know_fails_for_good(smtp_sink):
    smtp_sink.answer("nobody@example.com", "550 5.1.1 No such mailbox here")

    with pytest.raises(
        PermanentDeliveryError, match=re.escape("nobody@example.com blev afvist: 550")
    ):
        SmtpEmail().send(outgoing("nobody@example.com"))

    assert smtp_sink.messages() == []


# Failing for now: retried with backoff


def test_greylisting_is_temporary(smtp_sink):
    smtp_sink.answer("anne.hansen@example.com", "451 4.7.1 Greylisted, try again later")

    with pytest.raises(TemporaryDeliveryError, match="451"):
        SmtpEmail().send(outgoing())


def test_a_server_that_is_not_there_is_temporary(settings):
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()

    with pytest.raises(TemporaryDeliveryError, match="Kunne ikke nå SMTP-serveren"):
        SmtpEmail().send(outgoing())


def test_injected_faults_come_before_the_server(smtp_sink, settings):
    settings.NOTIFICATION_FAULTS = {"email": {"failure_rate": 1.0}}

    with pytest.raises(TemporaryDeliveryError, match="injected"):
        SmtpEmail().send(outgoing())

    assert smtp_sink.messages() == []


# From the case to the inbox


@pytest.fixture
def world(db, published_catalogue) -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def e_mail_citizen(email: str = "lars@example.com") -> Citizen:
    return CitizenFactory(
        email=email, preferred_channels=[PreferredChannel.EMAIL, PreferredChannel.DIGITAL_POST]
    )


def test_a_receipt_goes_out_by_email_to_a_citizen_who_prefers_it(world, smtp_sink, deliver):
    citizen = e_mail_citizen()
    case = submitted_case(
        citizen, "sundhedskort", {"reason": "lost"}, preference=DecisionPreference.CASEWORKER
    )
    (message,) = Message.objects.filter(case=case)
    assert message.channel == "email"

    deliver()

    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED
    (mail,) = smtp_sink.messages()
    assert mail["Subject"] == message.subject
    assert message.provider_reference == mail["Message-ID"]
    assert mail["Message-ID"] == message_id_for(message.idempotency_key)
    assert case.number in mail.get_body(preferencelist=("plain",)).get_content()
    assert f"/sager/{case.number}/" in mail.get_body(preferencelist=("plain",)).get_content()


def test_an_invalid_address_on_file_fails_at_once_with_the_reason(world, smtp_sink, deliver):
    # The model validates e-mail addresses in forms; an import from an old system may not.
    citizen = e_mail_citizen("lars(at)example.com")
    submitted_case(
        citizen, "sundhedskort", {"reason": "lost"}, preference=DecisionPreference.CASEWORKER
    )

    stats = deliver()

    (message,) = Message.objects.filter(citizen=citizen)
    assert message.status == MessageStatus.FAILED
    assert message.attempts == 1
    assert "Ugyldig e-mailadresse: lars(at)example.com" in message.last_error
    assert DeliveryAttempt.objects.filter(message=message).count() == 1
    assert stats.failed_attempts == 1
    assert smtp_sink.messages() == []


def test_while_the_server_is_down_the_message_waits_and_goes_out_once_it_is_back(
    world, settings, smtp_sink, deliver
):
    citizen = e_mail_citizen()
    submitted_case(
        citizen, "sundhedskort", {"reason": "lost"}, preference=DecisionPreference.CASEWORKER
    )
    working_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()

    deliver()

    (message,) = Message.objects.filter(citizen=citizen)
    assert message.status == MessageStatus.QUEUED
    assert "Kunne ikke nå SMTP-serveren" in message.last_error
    assert smtp_sink.messages() == []

    settings.EMAIL_PORT = working_port
    with time_machine.travel(NOW + dt.timedelta(minutes=5), tick=False):
        deliver()

    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED
    assert message.attempts == 2
    assert len(smtp_sink.messages()) == 1


# The command


def test_the_sink_command_keeps_mail_in_its_maildir(tmp_path):
    """`borgerrejse smtp_sink` runs until it is told to stop: here by a SIGINT once one
    message has gone through it."""
    port = free_port()
    folder = tmp_path / "mail"

    def send_then_stop() -> None:
        for _ in range(50):
            try:
                with smtplib.SMTP("127.0.0.1", port, timeout=2) as client:
                    client.sendmail(
                        "noreply@borgerrejse.example",
                        ["anne@example.com"],
                        b"Subject: Hej\r\n\r\nHej Anne\r\n",
                    )
                break
            except OSError:
                time.sleep(0.1)
        os.kill(os.getpid(), signal.SIGINT)

    threading.Thread(target=send_then_stop, daemon=True).start()
    call_command("smtp_sink", "--port", str(port), "--maildir", str(folder))

    (mail,) = maildir_messages(folder)
    assert mail["Subject"] == "Hej"
    assert mail["Delivered-To"] == "anne@example.com"
