"""A caseworker's handling: the queue, requests with the clock, consultation, four eyes,
review, forwarding and closing."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection, connections

from borgerrejse.cases.models import (
    Case,
    Channel,
    Consultation,
    Decision,
    DecisionOutcome,
    DecisionPreference,
    DecisionProposal,
    DecisionReview,
    Status,
)
from borgerrejse.cases.services import (
    Actor,
    CaseError,
    ConsultationRequired,
    DecisionContent,
    FourEyesRequired,
    case_assign,
    case_claim_next,
    case_close,
    case_contest,
    case_forward,
    case_note_add,
    consultation_record_lapsed,
    consultation_record_response,
    consultation_send,
    consultation_waive,
    decision_content_suggested,
    decision_make,
    decision_proposal_approve,
    decision_review,
    forwarded_task_complete,
    information_answer,
    information_request,
)
from borgerrejse.cases.tests.factories import submitted_case
from borgerrejse.cases.working_days import add_working_days
from borgerrejse.people.tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db
ALL_DEPARTMENTS = ["borgerservice", "aeldre-sundhed", "ydelse", "social"]
ALL_SERVICES = [
    "sundhedskort",
    "begravelseshjaelp",
    "flytning",
    "hjaelpemiddel-genanskaffelse",
    "briller-barn",
    "enkeltydelse",
    "pas",
    "fritagelse-digital-post",
]
MISSING_ESTATE = {
    "deceased_birth_date": "1960-05-01",
    "date_of_death": "2026-02-01",
    "estate_wealth_dkk": "unknown",
    "has_spouse_or_children_under_18": False,
    "funeral_expenses_dkk": "30000",
}


def staff(username: str):
    return get_user_model().objects.create_user(
        username, first_name=username.title(), last_name="Sagsbehandler"
    )


@pytest.fixture
def mette():
    return staff("mette")


@pytest.fixture
def jonas():
    return staff("jonas")


def referred(slug="begravelseshjaelp", answers=None, citizen=None):
    return submitted_case(
        citizen or CitizenFactory(),
        slug,
        MISSING_ESTATE if answers is None else answers,
        preference=DecisionPreference.CASEWORKER,
    )


def claim(user, services=ALL_SERVICES):
    return case_claim_next(user=user, departments=ALL_DEPARTMENTS, services=services)


def content(outcome, text="Begrundelse.", amount=None):
    return DecisionContent(
        outcome=outcome,
        reasons=[{"text": {"da": text}, "legal_basis": "§ 1", "facts": {}}],
        legal_basis="Loven",
        amount=amount,
    )


def test_take_next_claims_the_highest_priority_case(published_catalogue, mette):
    low = referred("sundhedskort", {"reason": "lost"})
    high = referred("enkeltydelse", {})

    first = claim(mette)
    second = claim(mette)

    assert (first.pk, second.pk) == (high.pk, low.pk)
    assert first.status == Status.IN_REVIEW
    assert first.handler == mette
    assert claim(mette) is None
    assert first.timeline.filter(kind="claimed").count() == 1


def test_take_next_respects_departments_and_skills(published_catalogue, mette):
    referred("sundhedskort", {"reason": "lost"})

    assert case_claim_next(user=mette, departments=["ydelse"], services=ALL_SERVICES) is None
    assert claim(mette, services=["begravelseshjaelp"]) is None
    assert claim(mette, services=["sundhedskort"]) is not None


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_take_next_give_each_case_to_exactly_one(published_catalogue):
    if connection.vendor != "postgresql":
        pytest.skip("SKIP LOCKED is tested on PostgreSQL")
    citizen = CitizenFactory()
    cases = [referred("sundhedskort", {"reason": "lost"}, citizen=citizen) for _ in range(10)]
    workers = [staff(f"worker{n}") for n in range(20)]
    barrier = threading.Barrier(20)
    claimed, errors = [], []

    def take(user):
        try:
            barrier.wait()
            case = claim(user)
            if case is not None:
                claimed.append((case.pk, user.pk))
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take, args=(user,)) for user in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(pk for pk, _ in claimed) == sorted(case.pk for case in cases)
    assert len({user for _, user in claimed}) == 10
    for case in Case.objects.filter(pk__in=[c.pk for c in cases]):
        assert case.status == Status.IN_REVIEW
        assert (case.pk, case.handler_id) in claimed


def test_the_clock_stops_while_awaiting_the_citizen(published_catalogue, mette):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC), tick=False):
        case = referred()
        case = claim(mette)
        due = case.due_date
        request = information_request(
            case=case, user=mette, message="Send boets formue.", respond_by=dt.date(2026, 3, 16)
        )
    case.refresh_from_db()
    assert case.status == Status.AWAITING_CITIZEN
    assert case.clock_stopped_on == dt.date(2026, 3, 2)

    # The citizen answers a week later: five working days have passed.
    with time_machine.travel(dt.datetime(2026, 3, 9, 9, tzinfo=dt.UTC), tick=False):
        information_answer(
            request=request,
            actor=Actor.for_citizen(case.citizen),
            channel=Channel.WEB,
            answer="Formuen er 20.000 kr.",
        )
    case.refresh_from_db()
    assert case.status == Status.IN_REVIEW
    assert case.clock_stopped_on is None
    assert case.due_date == add_working_days(due, 5)
    assert case.handler == mette
    request.refresh_from_db()
    assert request.answer == "Formuen er 20.000 kr."


def test_an_empty_answer_is_refused(published_catalogue, mette):
    referred()
    case = claim(mette)
    request = information_request(
        case=case, user=mette, message="Send boets formue.", respond_by=dt.date(2099, 1, 1)
    )

    with pytest.raises(CaseError, match="Skriv et svar"):
        information_answer(
            request=request, actor=Actor.for_citizen(case.citizen), channel=Channel.WEB, answer=" "
        )


def test_a_rejection_needing_consultation_cannot_be_issued_before_it(published_catalogue, mette):
    referred("hjaelpemiddel-genanskaffelse", {})  # consultation applies, medium stakes
    case = claim(mette)

    with pytest.raises(ConsultationRequired, match="partshøring"):
        decision_make(case=case, user=mette, content=content(DecisionOutcome.REJECTED))

    consultation = consultation_send(
        case=case, user=mette, information="Behovet er ændret.", respond_by=dt.date(2099, 1, 1)
    )
    with pytest.raises(ConsultationRequired):
        decision_make(case=case, user=mette, content=content(DecisionOutcome.REJECTED))
    consultation_record_response(
        consultation=consultation, user=mette, response="Jeg er uenig.", channel=Channel.PHONE
    )
    decision = decision_make(case=case, user=mette, content=content(DecisionOutcome.REJECTED))

    assert isinstance(decision, Decision)
    assert decision.outcome == DecisionOutcome.REJECTED


def test_a_recorded_exception_allows_rejection_without_consultation(published_catalogue, mette):
    referred("hjaelpemiddel-genanskaffelse", {})
    case = claim(mette)

    with pytest.raises(CaseError, match="hvorfor"):
        consultation_waive(case=case, user=mette, reason="  ")
    consultation_waive(
        case=case, user=mette, reason="Borgeren kender oplysningerne (§ 19, stk. 2)."
    )

    assert isinstance(decision_make(case=case, user=mette, content=content("rejected")), Decision)


def test_a_lapse_can_only_be_recorded_after_the_deadline(published_catalogue, mette):
    referred("hjaelpemiddel-genanskaffelse", {})
    case = claim(mette)
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC), tick=False):
        consultation = consultation_send(
            case=case, user=mette, information="Oplysning.", respond_by=dt.date(2026, 3, 16)
        )
        with pytest.raises(CaseError, match="ikke udløbet"):
            consultation_record_lapsed(consultation=consultation, user=mette)
    with time_machine.travel(dt.datetime(2026, 3, 17, 9, tzinfo=dt.UTC), tick=False):
        consultation = consultation_record_lapsed(consultation=consultation, user=mette)

    assert consultation.state == Consultation.State.LAPSED


def test_a_high_stakes_rejection_cannot_be_issued_by_one_person(published_catalogue, mette, jonas):
    referred("enkeltydelse", {})
    case = claim(mette)
    consultation_waive(case=case, user=mette, reason="Borgeren har selv givet oplysningerne.")

    proposal = decision_make(case=case, user=mette, content=content(DecisionOutcome.REJECTED))

    assert isinstance(proposal, DecisionProposal)
    assert not Decision.objects.filter(case=case).exists()
    case.refresh_from_db()
    assert case.status == Status.IN_REVIEW
    with pytest.raises(FourEyesRequired):
        decision_proposal_approve(proposal=proposal, user=mette)
    decision = decision_proposal_approve(proposal=proposal, user=jonas)
    assert decision.caseworker == mette
    assert decision.approved_by == jonas
    case.refresh_from_db()
    assert case.status == Status.DECIDED


def test_a_high_stakes_grant_needs_one_person(published_catalogue, mette):
    referred("enkeltydelse", {})
    case = claim(mette)

    decision = decision_make(
        case=case, user=mette, content=content(DecisionOutcome.GRANTED, amount=Decimal("2500"))
    )

    assert isinstance(decision, Decision)
    assert decision.amount == Decimal("2500")


def test_reasons_are_required_unless_everything_is_granted(published_catalogue, mette):
    referred("sundhedskort", {"reason": "lost"})
    case = claim(mette)

    with pytest.raises(CaseError, match="begrundelsen"):
        decision_make(
            case=case, user=mette, content=content(DecisionOutcome.PARTLY_GRANTED, text="")
        )
    with pytest.raises(CaseError, match="Vælg"):
        decision_make(case=case, user=mette, content=content("maybe"))


def test_the_reasons_form_is_prefilled_from_the_rules(published_catalogue, mette):
    referred("sundhedskort", {"reason": "lost"})
    case = claim(mette)

    suggested = decision_content_suggested(case)

    assert suggested.outcome == DecisionOutcome.GRANTED
    assert suggested.amount == Decimal("225.00")
    assert "225 kr." in " ".join(r["text"]["da"] for r in suggested.reasons)
    assert suggested.legal_basis


def test_a_contested_automated_decision_is_reviewed_and_overturned(published_catalogue, mette):
    citizen = CitizenFactory()
    case = submitted_case(citizen, "sundhedskort", {"reason": "lost"})
    case_contest(
        case=case,
        reason="Kortet blev stjålet.",
        actor=Actor.for_citizen(citizen),
        channel=Channel.WEB,
    )
    automated = case.decisions.get()

    case = claim(mette)
    review = decision_review(
        case=case,
        user=mette,
        overturn=True,
        note="Tyveri er ikke mistet.",
        content=content(
            DecisionOutcome.GRANTED,
            text="Kortet er stjålet. Du skal ikke betale.",
            amount=Decimal("0"),
        ),
    )

    assert review.overturned is True
    assert review.was_automated is True
    new = case.decisions.exclude(pk=automated.pk).get()
    assert new.replaces == automated
    assert new.amount == Decimal("0")
    case.refresh_from_db()
    assert case.status == Status.DECIDED


def test_an_upheld_review_keeps_the_decision(published_catalogue, mette):
    citizen = CitizenFactory()
    case = submitted_case(citizen, "sundhedskort", {"reason": "lost"})
    case_contest(
        case=case, reason="For dyrt.", actor=Actor.for_citizen(citizen), channel=Channel.WEB
    )
    case = claim(mette)

    review = decision_review(case=case, user=mette, overturn=False, note="Gebyret er korrekt.")

    assert review.overturned is False
    assert case.decisions.count() == 1
    assert DecisionReview.objects.get().decision == case.decisions.get()


def test_forwarding_keeps_one_case_and_blocks_closing_until_done(published_catalogue, mette, jonas):
    referred("sundhedskort", {"reason": "lost"})
    case = claim(mette)
    task = case_forward(case=case, user=mette, to_department="ydelse", description="Tjek boet.")
    decision_make(case=case, user=mette, content=content(DecisionOutcome.GRANTED))
    case.refresh_from_db()

    with pytest.raises(CaseError, match="opgave"):
        case_close(case=case, user=mette)
    forwarded_task_complete(task=task, user=jonas, result="Boet er tjekket.")
    closed = case_close(case=case, user=mette)

    assert closed.status == Status.CLOSED
    assert closed.handler == mette
    with pytest.raises(CaseError, match="anden afdeling"):
        case_forward(case=case, user=mette, to_department="borgerservice", description="x")


def test_a_team_lead_assigns_and_reassigns(published_catalogue, mette, jonas):
    case = referred("sundhedskort", {"reason": "lost"})
    lead = staff("lead")

    assigned = case_assign(case=case, handler=mette, assigned_by=lead)
    moved = case_assign(case=case, handler=jonas, assigned_by=lead)

    assert assigned.status == Status.IN_REVIEW
    assert moved.handler == jonas
    assert case.timeline.filter(kind="assigned").count() == 2


def test_internal_notes_are_hidden_from_the_citizen(published_catalogue, mette):
    case = referred("sundhedskort", {"reason": "lost"})

    case_note_add(case=case, user=mette, text="Ring til borgeren.")

    event = case.timeline.get(kind="note_added")
    assert event.visible_to_citizen is False
    assert case.notes.get().text == "Ring til borgeren."


# Files sent with an answer to a request for information


def _awaiting(mette):
    referred()
    case = claim(mette)
    request = information_request(
        case=case, user=mette, message="Send boets formue.", respond_by=dt.date(2099, 1, 1)
    )
    return case, request


def _upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


PDF_FILE = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_a_file_sent_with_an_answer_is_linked_to_the_request(published_catalogue, mette):
    from borgerrejse.cases.services import information_answer_attachment_add

    case, request = _awaiting(mette)
    actor = Actor.for_citizen(case.citizen)

    attachment = information_answer_attachment_add(
        request=request, upload=_upload("opgoerelse.pdf", PDF_FILE), actor=actor, channel="web"
    )
    information_answer(
        request=request,
        actor=actor,
        channel=Channel.WEB,
        answer="",
        attachments=request.attachments.all(),
    )

    assert attachment.information_request == request
    assert attachment.case == case
    assert attachment.content_type == "application/pdf"
    assert case.timeline.filter(kind="attachment_added", data__request=request.pk).exists()
    case.refresh_from_db()
    assert case.status == Status.IN_REVIEW


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("program.exe", b"MZ", "typen PDF, JPG, PNG"),
        ("tom.pdf", b"", "tom"),
        ("falsk.pdf", b"not a pdf", "ikke en rigtig PDF-fil"),
        ("billede.jpeg", b"\x89PNG\r\n\x1a\n", "ikke en rigtig JPG-fil"),
    ],
)
def test_a_file_that_is_not_what_it_says_is_refused(
    published_catalogue, mette, name, content, message
):
    from borgerrejse.cases.services import AttachmentRefused, information_answer_attachment_add

    case, request = _awaiting(mette)

    with pytest.raises(AttachmentRefused, match=message):
        information_answer_attachment_add(
            request=request,
            upload=_upload(name, content),
            actor=Actor.for_citizen(case.citizen),
            channel="web",
        )
    assert not request.attachments.exists()


def test_a_file_over_ten_megabytes_is_refused(published_catalogue, mette):
    from borgerrejse.cases.services import AttachmentRefused, information_answer_attachment_add

    case, request = _awaiting(mette)
    big = _upload("stor.pdf", PDF_FILE + b"0" * (10 * 1024 * 1024))

    with pytest.raises(AttachmentRefused, match="højst fylde 10 MB"):
        information_answer_attachment_add(
            request=request, upload=big, actor=Actor.for_citizen(case.citizen), channel="web"
        )


def test_no_file_can_be_added_to_an_answered_request(published_catalogue, mette):
    from borgerrejse.cases.services import information_answer_attachment_add

    case, request = _awaiting(mette)
    actor = Actor.for_citizen(case.citizen)
    information_answer(request=request, actor=actor, channel=Channel.WEB, answer="Svar.")

    with pytest.raises(CaseError, match="allerede svaret"):
        information_answer_attachment_add(
            request=request, upload=_upload("sent.pdf", PDF_FILE), actor=actor, channel="web"
        )
