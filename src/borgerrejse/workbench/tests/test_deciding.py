"""Deciding with reasons pre-filled from the rules, four eyes, consultation first, and the
review of a contested decision."""

from __future__ import annotations

import html
from decimal import Decimal

import pytest

from borgerrejse.cases.models import Decision, DecisionProposal, DecisionReview, Status
from borgerrejse.cases.services import (
    Actor,
    DecisionContent,
    case_assign,
    case_claim_next,
    case_contest,
    consultation_waive,
    decision_make,
)
from borgerrejse.cases.tests.factories import submitted_case
from borgerrejse.workbench.tests.conftest import (
    LOST_CARD,
    client_for,
    funeral_case,
    referred,
)

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def taken(member, case):
    return case_assign(case=case, handler=member.user, assigned_by=member.user)


def decision_data(**overrides: str) -> dict[str, str]:
    return {
        "decision-reason_slots": "2",
        "decision-outcome": "granted",
        "decision-amount": "12.950",
        "decision-legal_basis": "Sundhedsloven § 160",
        "decision-reason_0": "Boets formue er under grænsen. Du får 12.950 kr.",
        "decision-reason_0_basis": "Sundhedsloven § 160",
        "decision-reason_1": "",
        "decision-reason_1_basis": "",
        **overrides,
    }


# The form, pre-filled from the rules


def test_the_decision_form_is_prefilled_from_the_rules(sofie, citizen):
    case = taken(sofie, referred(citizen, "sundhedskort", LOST_CARD))

    page = text(client_for(sofie).get(f"/arbejde/sager/{case.number}/afgoerelse/"))

    assert 'value="granted" checked' in page
    assert 'value="225,00"' in page
    assert ">Dit kort er væk. Et nyt kort koster 225 kr.</textarea>" in page
    assert 'value="Sundhedsloven § 12 og bekendtgørelse om valg af læge (sundhedskort)"' in page
    # One empty reason more, to add one.
    assert 'name="decision-reason_1"' in page


def test_a_caseworker_grants_with_edited_reasons(mette, citizen):
    case = taken(mette, funeral_case(citizen))

    response = client_for(mette).post(
        f"/arbejde/sager/{case.number}/afgoerelse/",
        decision_data(**{"decision-reason_1": "Regningen er betalt af dig."}),
    )

    assert response.status_code == 302
    assert response["Location"] == f"/arbejde/sager/{case.number}/"
    decision = case.decisions.get()
    assert decision.outcome == "granted"
    assert decision.amount == Decimal("12950.00")
    assert [r["text"]["da"] for r in decision.reasons] == [
        "Boets formue er under grænsen. Du får 12.950 kr.",
        "Regningen er betalt af dig.",
    ]
    assert decision.caseworker == mette.user
    assert decision.decided_by_name == mette.full_name
    case.refresh_from_db()
    assert case.status == Status.DECIDED


def test_a_decision_without_an_outcome_keeps_what_was_typed(mette, citizen):
    case = taken(mette, funeral_case(citizen))

    response = client_for(mette).post(
        f"/arbejde/sager/{case.number}/afgoerelse/",
        decision_data(**{"decision-outcome": "", "decision-amount": "mange penge"}),
    )

    page = text(response)
    assert response.status_code == 400
    assert "Afgørelsen er ikke truffet" in page
    link = '<a href="#id_decision-outcome_0" class="function-link">'
    assert f"{link}Vælg, hvad afgørelsen går ud på.</a>" in page
    assert "Skriv beløbet i kroner, fx 12.950 eller 12.950,50." in page
    assert ">Boets formue er under grænsen. Du får 12.950 kr.</textarea>" in page
    assert 'value="mange penge"' in page
    assert not Decision.objects.filter(case=case).exists()


def test_a_partial_grant_needs_reasons(mette, citizen):
    case = taken(mette, funeral_case(citizen))

    response = client_for(mette).post(
        f"/arbejde/sager/{case.number}/afgoerelse/",
        decision_data(**{"decision-outcome": "partly_granted", "decision-reason_0": ""}),
    )

    assert response.status_code == 400
    assert "Skriv begrundelsen. Borgeren skal kunne se, hvorfor." in text(response)


def test_a_rejection_waits_for_consultation(mette, citizen):
    case = taken(mette, funeral_case(citizen))
    data = decision_data(
        **{"decision-outcome": "rejected", "decision-amount": "", "decision-reason_0": "Nej."}
    )

    response = client_for(mette).post(f"/arbejde/sager/{case.number}/afgoerelse/", data)

    page = text(response)
    assert response.status_code == 400
    assert "Borgeren skal høres, før du giver afslag" in page
    assert 'value="rejected" checked' in page
    assert not Decision.objects.filter(case=case).exists()


def test_the_decision_form_of_a_contested_case_is_the_review(sofie, citizen):
    case = submitted_case(citizen, "sundhedskort", LOST_CARD)
    case_contest(
        case=case, reason="Det var tyveri.", actor=Actor.for_citizen(citizen), channel="web"
    )
    case_claim_next(user=sofie.user, departments=["borgerservice"], services=["sundhedskort"])

    response = client_for(sofie).get(f"/arbejde/sager/{case.number}/afgoerelse/")

    assert response.status_code == 302
    assert response["Location"] == f"/arbejde/sager/{case.number}/genvurdering/"


# Four eyes


def _proposal(mette, citizen) -> DecisionProposal:
    case = taken(mette, referred(citizen, "enkeltydelse", {}))
    consultation_waive(case=case, user=mette.user, reason="Borgeren har selv oplyst det.")
    client_for(mette).post(
        f"/arbejde/sager/{case.number}/afgoerelse/",
        decision_data(
            **{
                "decision-outcome": "rejected",
                "decision-amount": "",
                "decision-legal_basis": "Lov om aktiv socialpolitik § 81",
                "decision-reason_0": "Du har selv penge til udgiften.",
            }
        ),
    )
    return case.proposals.get()


def test_a_high_stakes_rejection_waits_for_approval(mette, citizen):
    proposal = _proposal(mette, citizen)
    case = proposal.case

    page = text(client_for(mette).get(f"/arbejde/sager/{case.number}/"))

    assert "Afgørelsen venter på godkendelse" in page
    assert "Venter på godkendelse fra en anden sagsbehandler." in page
    assert "Godkend og send afgørelsen" not in page
    assert "Træf afgørelse" not in page
    assert not Decision.objects.filter(case=case).exists()


def test_the_proposer_cannot_approve_their_own(mette, citizen):
    proposal = _proposal(mette, citizen)

    response = client_for(mette).post(
        f"/arbejde/sager/{proposal.case.number}/udkast/{proposal.pk}/godkend/"
    )

    assert response.status_code == 400
    assert "En anden sagsbehandler skal godkende din afgørelse." in text(response)
    proposal.refresh_from_db()
    assert proposal.state == DecisionProposal.State.PENDING


def test_a_second_caseworker_approves(mette, jens, citizen):
    proposal = _proposal(mette, citizen)
    client = client_for(jens)
    assert "Godkend og send afgørelsen" in text(
        client.get(f"/arbejde/sager/{proposal.case.number}/")
    )

    response = client.post(f"/arbejde/sager/{proposal.case.number}/udkast/{proposal.pk}/godkend/")

    assert response.status_code == 302
    decision = proposal.case.decisions.get()
    assert decision.outcome == "rejected"
    assert decision.caseworker == mette.user
    assert decision.approved_by == jens.user


def test_a_second_caseworker_returns_a_proposal_with_a_comment(mette, jens, citizen):
    proposal = _proposal(mette, citizen)
    client = client_for(jens)
    path = f"/arbejde/sager/{proposal.case.number}/udkast/{proposal.pk}/send-tilbage/"

    response = client.post(path, {f"return-{proposal.pk}-comment": ""})
    assert response.status_code == 400
    assert "Skriv, hvad der skal rettes, før du kan godkende." in text(response)

    response = client.post(path, {f"return-{proposal.pk}-comment": "Se på huslejen."})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == DecisionProposal.State.RETURNED
    assert proposal.comment == "Se på huslejen."
    # The caseworker can decide again.
    assert "Træf afgørelse" in text(
        client_for(mette).get(f"/arbejde/sager/{proposal.case.number}/")
    )


# Review of a contested decision


def _contested(sofie, citizen):
    case = submitted_case(citizen, "sundhedskort", LOST_CARD)  # granted at once, fee 225 kr.
    case_contest(
        case=case, reason="Kortet blev stjålet.", actor=Actor.for_citizen(citizen), channel="web"
    )
    return case_claim_next(
        user=sofie.user, departments=["borgerservice"], services=["sundhedskort"]
    )


def test_a_contested_automated_decision_is_overturned(sofie, citizen):
    case = _contested(sofie, citizen)
    client = client_for(sofie)
    page = text(client.get(f"/arbejde/sager/{case.number}/genvurdering/"))
    assert "Kortet blev stjålet." in page
    assert "Automatisk" in page

    response = client.post(
        f"/arbejde/sager/{case.number}/genvurdering/",
        {
            "review-result": "overturn",
            "review-note": "Tyveri er ikke mistet; politianmeldelse vedlagt.",
            **decision_data(
                **{
                    "decision-amount": "0",
                    "decision-legal_basis": "Sundhedsloven § 12",
                    "decision-reason_0": "Kortet er stjålet. Du skal ikke betale for et nyt.",
                }
            ),
        },
    )

    assert response.status_code == 302
    review = DecisionReview.objects.get(case=case)
    assert review.overturned is True
    assert review.was_automated is True
    new = case.decisions.order_by("-issued_at", "-id").first()
    assert new.amount == Decimal("0")
    assert new.replaces is not None
    case.refresh_from_db()
    assert case.status == Status.DECIDED


def test_a_review_that_upholds_ignores_the_decision_fields(sofie, citizen):
    case = _contested(sofie, citizen)

    response = client_for(sofie).post(
        f"/arbejde/sager/{case.number}/genvurdering/",
        {
            "review-result": "uphold",
            "review-note": "Gebyret gælder også ved tyveri.",
            "decision-reason_slots": "2",
            "decision-outcome": "",
        },
    )

    assert response.status_code == 302
    assert DecisionReview.objects.get(case=case).overturned is False
    assert case.decisions.count() == 1


def test_an_overturn_needs_a_new_decision(sofie, citizen):
    case = _contested(sofie, citizen)

    response = client_for(sofie).post(
        f"/arbejde/sager/{case.number}/genvurdering/",
        {"review-result": "overturn", "review-note": "Forkert.", "decision-reason_slots": "2"},
    )

    page = text(response)
    assert response.status_code == 400
    assert "Genvurderingen er ikke gemt" in page
    assert "Vælg, hvad afgørelsen går ud på." in page
    assert ">Forkert.</textarea>" in page
    assert not DecisionReview.objects.exists()


def test_a_review_needs_a_result_and_a_note(sofie, citizen):
    case = _contested(sofie, citizen)

    response = client_for(sofie).post(f"/arbejde/sager/{case.number}/genvurdering/", {})

    page = text(response)
    assert response.status_code == 400
    assert "Vælg, om afgørelsen skal fastholdes eller ændres." in page
    assert "Skriv, hvad du har lagt vægt på." in page


def test_a_case_that_is_not_contested_cannot_be_reviewed(mette, citizen):
    case = taken(mette, funeral_case(citizen))

    response = client_for(mette).post(
        f"/arbejde/sager/{case.number}/genvurdering/",
        {"review-result": "uphold", "review-note": "Ok."},
    )

    assert response.status_code == 400
    assert "Kun en påklaget afgørelse kan vurderes igen." in text(response)


def test_reviewing_needs_the_skill(world, citizen):
    from borgerrejse.workbench.tests.conftest import caseworker

    other = caseworker("borgerservice", ["flytning"], username="camilla")
    case = submitted_case(citizen, "sundhedskort", LOST_CARD)

    assert client_for(other).get(f"/arbejde/sager/{case.number}/genvurdering/").status_code == 403


def test_a_decision_shows_on_the_case_view(mette, citizen):
    case = taken(mette, funeral_case(citizen))
    decision_make(
        case=case,
        user=mette.user,
        content=DecisionContent(
            outcome="granted",
            reasons=[{"text": {"da": "Du får hjælp."}, "legal_basis": "§ 160"}],
            legal_basis="Sundhedsloven § 160",
            amount=Decimal("12950"),
        ),
    )

    page = text(client_for(mette).get(f"/arbejde/sager/{case.number}/"))

    assert "<strong>Bevilget</strong> – 12.950 kr." in page
    assert f"Truffet af {mette.full_name}" in page
    assert "Luk sagen" in page


def test_the_letter_names_the_caseworker_who_decided(mette, citizen):
    from borgerrejse.cases.letters import decision_letter_html

    case = taken(mette, funeral_case(citizen))
    client_for(mette).post(f"/arbejde/sager/{case.number}/afgoerelse/", decision_data())

    letter = html.unescape(decision_letter_html(decision=case.decisions.get(), language="da"))

    assert f"Afgørelsen er truffet af {mette.full_name}, Ydelse og Jobcenter." in letter
