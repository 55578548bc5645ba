import datetime as dt
import re
import threading
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections

from borgerrejse.cases.models import (
    ActorKind,
    AppendOnlyError,
    Case,
    Channel,
    Decision,
    DecisionPreference,
    Status,
    TimelineEvent,
)
from borgerrejse.cases.services import (
    Actor,
    AttachmentRefused,
    CaseError,
    ChannelNotAllowed,
    IdempotencyConflict,
    TransitionNotAllowed,
    case_attachment_add,
    case_contest,
    case_draft_save,
    case_draft_start,
    case_submit,
    case_submit_answers,
    case_transition,
)
from borgerrejse.cases.tests.factories import TODAY, submitted_case
from borgerrejse.cases.working_days import add_working_days
from borgerrejse.catalog.schema import Channel as ServiceChannel
from borgerrejse.catalog.selectors import service_definition, service_version_get
from borgerrejse.people.tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

ESTATE_COMPLETE = {
    "deceased_birth_date": "1950-05-01",
    "date_of_death": "2026-02-01",
    "estate_wealth_dkk": "10000",
    "has_spouse_or_children_under_18": False,
    "funeral_expenses_dkk": "30000",
}


@pytest.fixture
def citizen():
    return CitizenFactory()


def events(case: Case) -> list[str]:
    return list(case.timeline.values_list("kind", flat=True))


def test_lost_health_card_is_decided_at_once_with_the_fee(published_catalogue, citizen):
    case = submitted_case(citizen, "sundhedskort", {"reason": "lost"})

    assert case.status == Status.DECIDED
    assert re.fullmatch(r"2026-\d{6}", case.number)
    assert case.due_date == TODAY  # web: 0 working days
    decision = case.decisions.get()
    assert decision.outcome == "granted"
    assert decision.amount == Decimal("225.00")
    assert decision.amount_kind == "fee"
    assert decision.decided_by_kind == ActorKind.AUTOMATION
    assert decision.rule_set_version == "sundhedskort v1"
    assert any("225 kr." in reason["text"]["da"] for reason in decision.reasons)
    assert all(reason["legal_basis"] for reason in decision.reasons)
    assert decision.appeal["body"]["da"]
    assert decision.appeal["deadline"] == (TODAY + dt.timedelta(weeks=4)).isoformat()
    assert events(case) == ["started", "step_saved", "submitted", "decided"]


def test_asking_for_a_caseworker_refers_even_when_rules_would_grant(published_catalogue, citizen):
    case = submitted_case(
        citizen, "sundhedskort", {"reason": "lost"}, preference=DecisionPreference.CASEWORKER
    )

    assert case.status == Status.AWAITING_CASEWORKER
    assert not case.decisions.exists()
    assert case.evaluation["proposed_outcome"] == "grant"
    referred = case.timeline.get(kind="referred")
    assert referred.data["why"] == "citizen_asked_for_caseworker"


def test_missing_estate_figures_refer_and_name_what_is_missing(published_catalogue, citizen):
    answers = {**ESTATE_COMPLETE, "estate_wealth_dkk": "unknown"}

    case = submitted_case(citizen, "begravelseshjaelp", answers)

    assert case.status == Status.AWAITING_CASEWORKER
    assert case.timeline.get(kind="referred").data["missing"] == ["estate_wealth_dkk"]
    web = service_definition(case.service_version).channels[ServiceChannel.WEB]
    assert case.due_date == add_working_days(TODAY, web.deadline_working_days)


def test_complete_funeral_answers_are_granted(published_catalogue, citizen):
    case = submitted_case(citizen, "begravelseshjaelp", ESTATE_COMPLETE)

    assert case.status == Status.DECIDED
    assert case.decisions.get().amount == Decimal("12950.00")


def test_zero_benefit_is_never_decided_by_automation(published_catalogue, citizen):
    # Born after 1 April 1957, so no minimum amount protects the benefit.
    answers = {
        **ESTATE_COMPLETE,
        "deceased_birth_date": "1960-05-01",
        "estate_wealth_dkk": "500000",
    }

    case = submitted_case(citizen, "begravelseshjaelp", answers)

    assert case.status == Status.AWAITING_CASEWORKER
    assert case.evaluation["proposed_outcome"] == "reject"
    assert not Decision.objects.exists()


def test_automation_none_always_refers(published_catalogue, citizen):
    case = submitted_case(citizen, "enkeltydelse", {})

    assert case.status == Status.AWAITING_CASEWORKER


def test_submitting_twice_is_one_submission(published_catalogue, citizen):
    case = submitted_case(citizen, "sundhedskort", {"reason": "lost"})

    again = case_submit(
        case=case,
        decision_preference=DecisionPreference.INSTANT,
        actor=Actor.for_citizen(citizen),
        channel=Channel.WEB,
        today=TODAY,
    )

    assert again.number == case.number
    assert events(case).count("submitted") == 1
    assert Decision.objects.count() == 1


def test_a_crash_in_rule_evaluation_stores_and_refers_the_case(
    published_catalogue, citizen, monkeypatch, caplog
):
    class Broken:
        def evaluate(self, answers, *, on):
            raise RuntimeError("engine exploded")

    monkeypatch.setattr(
        "borgerrejse.cases.services.submission.compiled_rules", lambda version: Broken()
    )

    case = submitted_case(citizen, "sundhedskort", {"reason": "lost"})

    assert case.status == Status.AWAITING_CASEWORKER
    assert case.number
    assert case.evaluation_error == "RuntimeError: engine exploded"
    failed = case.timeline.get(kind="evaluation_failed")
    assert failed.visible_to_citizen is False
    assert "Rule evaluation failed for case " + case.number in caplog.text


def test_case_numbers_count_up_per_year(published_catalogue, citizen):
    first = submitted_case(citizen, "sundhedskort", {"reason": "lost"})
    second = submitted_case(citizen, "sundhedskort", {"reason": "moved"})
    next_year = submitted_case(
        citizen, "sundhedskort", {"reason": "moved"}, today=dt.date(2027, 1, 4)
    )

    assert int(second.number[5:]) == int(first.number[5:]) + 1
    assert next_year.number == "2027-000001"


def test_a_channel_the_service_does_not_allow_is_refused(published_catalogue, citizen):
    with pytest.raises(ChannelNotAllowed, match="Online"):
        submitted_case(citizen, "fritagelse-digital-post", {})
    with pytest.raises(ChannelNotAllowed):
        submitted_case(citizen, "pas", {})  # online only books the visit
    assert not Case.objects.exclude(status=Status.DRAFT).exists()


def test_contesting_an_instant_decision_sends_it_to_a_person(published_catalogue, citizen):
    case = submitted_case(citizen, "sundhedskort", {"reason": "lost"})
    actor = Actor.for_citizen(citizen)

    contested = case_contest(
        case=case, reason="Kortet blev stjålet.", actor=actor, channel=Channel.WEB
    )
    again = case_contest(case=case, reason="Kortet blev stjålet.", actor=actor, channel=Channel.WEB)

    assert contested.status == again.status == Status.CONTESTED
    assert contested.contest_reason == "Kortet blev stjålet."
    assert events(case).count("contested") == 1


def test_contest_needs_a_reason_and_a_decision(published_catalogue, citizen):
    decided = submitted_case(citizen, "sundhedskort", {"reason": "lost"})
    referred = submitted_case(
        citizen, "sundhedskort", {"reason": "lost"}, preference=DecisionPreference.CASEWORKER
    )
    actor = Actor.for_citizen(citizen)

    with pytest.raises(CaseError, match="Skriv, hvorfor"):
        case_contest(case=decided, reason="  ", actor=actor, channel=Channel.WEB)
    with pytest.raises(TransitionNotAllowed, match="Venter på en sagsbehandler"):
        case_contest(case=referred, reason="Uenig", actor=actor, channel=Channel.WEB)


def test_transitions_outside_the_state_machine_are_refused(published_catalogue, citizen):
    case = submitted_case(citizen, "sundhedskort", {"reason": "lost"})

    with pytest.raises(TransitionNotAllowed):
        case_transition(
            case=case, to=Status.AWAITING_CITIZEN, actor=Actor.for_citizen(citizen), channel="web"
        )
    case.refresh_from_db()
    assert case.status == Status.DECIDED


def test_the_timeline_is_append_only(published_catalogue, citizen):
    case = submitted_case(citizen, "sundhedskort", {"reason": "lost"})
    event = case.timeline.first()

    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        case.decisions.get().save()


def test_saving_the_same_draft_again_adds_no_event(published_catalogue, citizen):
    actor = Actor.for_citizen(citizen)
    version = service_version_get(slug="sundhedskort", on=TODAY)
    case = case_draft_start(
        citizen=citizen, service_version=version, channel=Channel.WEB, actor=actor
    )

    for _ in range(3):
        case = case_draft_save(
            case=case, answers={"reason": "lost"}, current_step="reason", actor=actor, channel="web"
        )

    assert events(case) == ["started", "step_saved"]


def test_an_idempotency_key_gives_one_case(published_catalogue, citizen):
    version = service_version_get(slug="sundhedskort", on=TODAY)
    arguments = dict(
        citizen=citizen,
        service_version=version,
        answers={"reason": "lost"},
        decision_preference=DecisionPreference.INSTANT,
        channel=Channel.WEB,
        actor=Actor.for_citizen(citizen),
        idempotency_key="key-1",
        today=TODAY,
    )

    first, created = case_submit_answers(**arguments)
    second, created_again = case_submit_answers(**arguments)

    assert (created, created_again) == (True, False)
    assert first.pk == second.pk
    assert Case.objects.count() == 1
    with pytest.raises(IdempotencyConflict):
        case_submit_answers(**{**arguments, "answers": {"reason": "moved"}})


@pytest.mark.django_db(transaction=True)
def test_the_same_key_sent_concurrently_gives_one_case(published_catalogue):
    if connection.vendor != "postgresql":
        pytest.skip("row-level concurrency is tested on PostgreSQL")
    citizen = CitizenFactory()
    version = service_version_get(slug="sundhedskort", on=TODAY)
    barrier = threading.Barrier(8)
    results, errors = [], []

    def submit():
        try:
            barrier.wait()
            results.append(
                case_submit_answers(
                    citizen=citizen,
                    service_version=version,
                    answers={"reason": "lost"},
                    decision_preference=DecisionPreference.INSTANT,
                    channel=Channel.WEB,
                    actor=Actor.for_citizen(citizen),
                    idempotency_key="double-click",
                    today=TODAY,
                )
            )
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len({case.pk for case, _ in results}) == 1
    assert sum(created for _, created in results) == 1
    assert Case.objects.count() == 1
    assert TimelineEvent.objects.filter(kind="submitted").count() == 1


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def draft(citizen, slug="begravelseshjaelp"):
    version = service_version_get(slug=slug, on=TODAY)
    return case_draft_start(
        citizen=citizen,
        service_version=version,
        channel=Channel.WEB,
        actor=Actor.for_citizen(citizen),
    )


def add(case, name, content, slot="funeral_invoice"):
    return case_attachment_add(
        case=case,
        slot=slot,
        upload=SimpleUploadedFile(name, content),
        actor=Actor.for_citizen(case.citizen),
        channel=Channel.WEB,
    )


def test_a_valid_attachment_is_stored(published_catalogue, citizen):
    case = draft(citizen)

    attachment = add(case, "regning.pdf", PDF)

    assert attachment.size == len(PDF)
    assert attachment.content_type == "application/pdf"
    assert attachment.file.read() == PDF
    assert "attachment_added" in events(case)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("regning.exe", b"MZ...", "Filen skal være af typen PDF, JPG, PNG"),
        ("regning.pdf", b"MZ not a pdf", "Filen er ikke en rigtig PDF-fil"),
        ("regning.pdf", b"", "Filen er tom"),
        ("regning", PDF, "Din fil er af typen »?«"),
    ],
)
def test_refused_attachments_say_why(published_catalogue, citizen, name, content, message):
    case = draft(citizen)

    with pytest.raises(AttachmentRefused, match=re.escape(message)):
        add(case, name, content)
    assert not case.attachments.exists()


def test_an_attachment_over_the_size_limit_is_refused(published_catalogue, citizen):
    case = draft(citizen)
    big = PDF + b"0" * (10 * 1024 * 1024)

    with pytest.raises(AttachmentRefused, match="Den må højst fylde 10 MB"):
        add(case, "regning.pdf", big)


def test_an_unknown_attachment_slot_is_refused(published_catalogue, citizen):
    with pytest.raises(AttachmentRefused, match="ikke et felt til bilag"):
        add(draft(citizen), "regning.pdf", PDF, slot="passport_photo")
