"""The print folder: one PDF and one manifest line per letter, however often it is sent,
and a clear failure for a letter that cannot be addressed."""

from __future__ import annotations

import datetime as dt
import io
import json
import threading
from zoneinfo import ZoneInfo

import pytest
import time_machine
from pypdf import PdfReader

from borgerrejse.notifications.adapters.base import (
    Document,
    Outgoing,
    PermanentDeliveryError,
    Recipient,
    TemporaryDeliveryError,
)
from borgerrejse.notifications.adapters.printed import (
    KEYS,
    MANIFEST,
    PrintFolder,
    pdf_page_count,
    printed_letter_path,
    safe_name,
)

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
MONDAY = dt.datetime(2026, 3, 2, 10, 0, tzinfo=COPENHAGEN)
PDF = b"%PDF-1.7\n1 0 obj <</Type /Pages /Kids [] /Count 1>> endobj\n%%EOF\n"
KARL = Recipient(name="Karl Jensen", street="Skovvej 3", postcode="8000", city="Aarhus C")


def outgoing(
    *, key: str = "event:42:decision", recipient: Recipient = KARL, documents=None
) -> Outgoing:
    return Outgoing(
        idempotency_key=key,
        recipient=recipient,
        subject="Afgørelse om nyt sundhedskort",
        body="Vi har truffet en afgørelse.",
        language="da",
        documents=(
            (Document(filename="afgoerelse.pdf", content_type="application/pdf", content=PDF),)
            if documents is None
            else documents
        ),
        case_number="2026-000042",
    )


@pytest.fixture
def folder(settings, tmp_path):
    settings.PRINT_DIR = tmp_path / "print"
    settings.NOTIFICATION_FAULTS = {}
    return settings.PRINT_DIR


@pytest.fixture(autouse=True)
def _on_monday():
    with time_machine.travel(MONDAY, tick=False):
        yield


def manifest(folder, day: str = "2026-03-02") -> list[dict]:
    path = folder / day / MANIFEST
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def letters(folder) -> list[str]:
    return sorted(
        str(path.relative_to(folder)) for path in folder.rglob("*") if path.suffix == ".pdf"
    )


def test_a_letter_goes_to_the_days_folder_with_a_manifest_line(folder):
    reference = PrintFolder().send(outgoing())

    name = safe_name("event:42:decision")
    assert reference == f"2026-03-02/{name}.pdf"
    assert (folder / reference).read_bytes() == PDF
    assert manifest(folder) == [
        {
            "key": "event:42:decision",
            "file": f"{name}.pdf",
            "name": "Karl Jensen",
            "address": ["Skovvej 3", "8000 Aarhus C"],
            "pages": 1,
            "case_number": "2026-000042",
            "language": "da",
        }
    ]
    # Written to a temporary name and renamed: nothing half-written is left behind.
    assert not [p for p in folder.rglob("*.tmp")]


def test_sending_again_writes_no_second_letter_or_line(folder):
    first = PrintFolder().send(outgoing())
    again = PrintFolder().send(outgoing())

    assert again == first
    assert letters(folder) == [first]
    assert len(manifest(folder)) == 1


def test_a_retry_on_a_later_day_is_still_the_same_letter(folder):
    first = PrintFolder().send(outgoing())

    with time_machine.travel(MONDAY + dt.timedelta(days=1), tick=False):
        again = PrintFolder().send(outgoing())

    assert again == first
    assert letters(folder) == [first]
    assert manifest(folder, "2026-03-03") == []


def test_a_retry_after_the_print_service_took_the_letter_does_not_print_it_again(folder):
    first = PrintFolder().send(outgoing())
    (folder / first).unlink()  # printed and cleared away

    assert PrintFolder().send(outgoing()) == first
    assert letters(folder) == []
    assert len(manifest(folder)) == 1


def test_a_worker_that_died_after_writing_the_line_leaves_no_double(folder):
    """The receipt still says LISTING: the line may or may not be there."""
    PrintFolder().send(outgoing())
    receipt = folder / KEYS / f"{safe_name('event:42:decision')}.json"
    recorded = json.loads(receipt.read_text())
    receipt.write_text(json.dumps({**recorded, "state": "listing"}))

    PrintFolder().send(outgoing())

    assert len(manifest(folder)) == 1
    assert json.loads(receipt.read_text())["state"] == "listed"


def test_a_worker_that_died_before_writing_the_line_gets_it_written(folder):
    PrintFolder().send(outgoing())
    receipt = folder / KEYS / f"{safe_name('event:42:decision')}.json"
    recorded = json.loads(receipt.read_text())
    receipt.write_text(json.dumps({**recorded, "state": "listing"}))
    (folder / "2026-03-02" / MANIFEST).write_text("")

    PrintFolder().send(outgoing())

    assert [line["key"] for line in manifest(folder)] == ["event:42:decision"]


def test_a_receipt_cut_short_by_a_crash_is_started_afresh(folder):
    receipt = folder / KEYS / f"{safe_name('event:42:decision')}.json"
    receipt.parent.mkdir(parents=True)
    receipt.write_text("")

    reference = PrintFolder().send(outgoing())

    assert (folder / reference).read_bytes() == PDF
    assert len(manifest(folder)) == 1


def test_workers_racing_with_the_same_key_print_it_once(folder):
    barrier = threading.Barrier(8)
    references: list[str] = []

    def send() -> None:
        barrier.wait()
        references.append(PrintFolder().send(outgoing()))

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(set(references)) == 1
    assert len(manifest(folder)) == 1
    assert len(letters(folder)) == 1


def test_many_letters_share_the_days_manifest(folder):
    for number in range(5):
        PrintFolder().send(outgoing(key=f"event:{number}:decision"))

    assert [line["key"] for line in manifest(folder)] == [
        f"event:{number}:decision" for number in range(5)
    ]
    assert len(letters(folder)) == 5


@pytest.mark.parametrize(
    ("recipient", "missing"),
    [
        (Recipient(name="Karl Jensen"), "street, postcode, city"),
        (Recipient(name="Karl Jensen", street="Skovvej 3", city="Aarhus C"), "postcode"),
        (Recipient(name="Karl Jensen", street="Skovvej 3", postcode="8000"), "city"),
        (Recipient(name="Karl Jensen", street=" ", postcode="8000", city="Aarhus C"), "street"),
    ],
)
def test_a_letter_without_a_postal_address_fails_for_good(folder, recipient, missing):
    with pytest.raises(PermanentDeliveryError, match=f"no postal address \\({missing} missing"):
        PrintFolder().send(outgoing(recipient=recipient))

    assert letters(folder) == []
    assert manifest(folder) == []


def test_a_message_without_a_pdf_cannot_be_printed(folder):
    with pytest.raises(PermanentDeliveryError, match="no PDF"):
        PrintFolder().send(outgoing(documents=()))


def test_an_injected_outage_is_temporary_and_writes_nothing(folder, settings):
    settings.NOTIFICATION_FAULTS = {"print": {"down_until": "2999-01-01T00:00:00+00:00"}}

    with pytest.raises(TemporaryDeliveryError):
        PrintFolder().send(outgoing())

    assert not folder.exists() or letters(folder) == []


def test_file_names_are_safe_and_distinct():
    names = {safe_name(key) for key in ("event:1", "event-1", "event/1", "../../etc/passwd")}

    assert len(names) == 4
    for name in names:
        assert "/" not in name
        assert not name.startswith(".")


def test_a_reference_cannot_point_outside_the_folder(folder):
    reference = PrintFolder().send(outgoing())
    (folder.parent / "secret.pdf").write_bytes(PDF)

    assert printed_letter_path(reference) == folder / reference
    assert printed_letter_path("../secret.pdf") is None
    assert printed_letter_path(f"{KEYS}/{safe_name('event:42:decision')}.json") is None
    assert printed_letter_path("") is None


@pytest.mark.django_db
def test_the_page_count_matches_the_pdf(published_catalogue):
    from borgerrejse.cases.letters import decision_letter_pdf
    from borgerrejse.cases.tests.factories import submitted_case
    from borgerrejse.people.tests.factories import CitizenFactory

    decision = submitted_case(
        CitizenFactory(),
        "begravelseshjaelp",
        {
            "deceased_birth_date": "1950-05-01",
            "date_of_death": "2026-02-01",
            "estate_wealth_dkk": "10000",
            "has_spouse_or_children_under_18": False,
            "funeral_expenses_dkk": "30000",
        },
    ).decisions.get()
    pdf = decision_letter_pdf(decision=decision, language="da")

    assert pdf_page_count(pdf) == len(PdfReader(io.BytesIO(pdf)).pages) > 1
    assert pdf_page_count(b"not a pdf") is None
