"""A person's decision: consultation first where the law asks, four eyes where much is at
stake, and review of contested decisions."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from borgerrejse.cases.models import (
    ActorKind,
    Case,
    Channel,
    Consultation,
    Decision,
    DecisionOutcome,
    DecisionProposal,
    DecisionReview,
    Status,
)
from borgerrejse.cases.services.decisions import appeal_guidance
from borgerrejse.cases.services.handling import MAX_TEXT, staff_actor
from borgerrejse.cases.services.transitions import (
    CaseError,
    Kind,
    lock_case,
    record_event,
    transition_locked,
)
from borgerrejse.catalog.schema import ServiceDefinition, Stakes
from borgerrejse.catalog.selectors import service_definition

# Reasons the engine gives for a referral explain the referral, not a decision.
_REFERRAL_REASONS = {"missing_facts", "evaluation_error", "no_rule_applies"}
_PROPOSED_OUTCOMES = {
    "grant": DecisionOutcome.GRANTED,
    "partial_grant": DecisionOutcome.PARTLY_GRANTED,
    "reject": DecisionOutcome.REJECTED,
}


class ConsultationRequired(CaseError):
    pass


class FourEyesRequired(CaseError):
    pass


@dataclass(frozen=True)
class DecisionContent:
    """What a caseworker decides: the outcome and its reasons (forvaltningsloven §§ 22-24)."""

    outcome: str
    reasons: list[dict[str, Any]]
    legal_basis: str
    amount: Decimal | None = None
    facts: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["amount"] = None if self.amount is None else str(self.amount)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DecisionContent:
        amount = data.get("amount")
        return cls(**{**data, "amount": None if amount is None else Decimal(amount)})


def decision_content_suggested(case: Case) -> DecisionContent:
    """The reasons form, pre-filled from what the rules found, for the caseworker to edit."""
    definition = service_definition(case.service_version)
    evaluation = case.evaluation or {}
    reasons = [
        {
            "text": {"da": reason["text"], "en": reason["text"]},
            "legal_basis": reason["legal_basis"],
            "facts": reason.get("facts", {}),
        }
        for reason in evaluation.get("reasons", [])
        if reason.get("rule") not in _REFERRAL_REASONS
        and not str(reason.get("rule", "")).startswith("automation_")
    ]
    if not reasons:
        reasons = [
            {"text": {"da": "", "en": ""}, "legal_basis": definition.legal_basis, "facts": {}}
        ]
    amount = evaluation.get("amount_dkk")
    return DecisionContent(
        outcome=_PROPOSED_OUTCOMES.get(evaluation.get("proposed_outcome", ""), ""),
        reasons=reasons,
        legal_basis=definition.legal_basis,
        amount=None if amount is None else Decimal(amount),
        facts=dict(case.answers),
    )


def _checked(content: DecisionContent) -> DecisionContent:
    if content.outcome not in DecisionOutcome.values:
        raise CaseError(_("Vælg, hvad afgørelsen går ud på."))
    texts = [str(reason.get("text", {}).get("da", "")).strip() for reason in content.reasons]
    texts = [text for text in texts if text]
    # Reasons may only be left out when the citizen gets everything (fvl. § 22).
    if content.outcome != DecisionOutcome.GRANTED and not texts:
        raise CaseError(_("Skriv begrundelsen. Borgeren skal kunne se, hvorfor."))
    if any(len(text) > MAX_TEXT for text in texts):
        raise CaseError(
            _("Begrundelsen er for lang. Skriv højst %(limit)s tegn.") % {"limit": MAX_TEXT}
        )
    if content.amount is not None and content.amount < 0:
        raise CaseError(_("Beløbet kan ikke være negativt."))
    return content


def consultation_settled(case: Case) -> bool:
    return case.consultations.exclude(state=Consultation.State.SENT).exists()


def decision_make(
    *, case: Case, user: User, content: DecisionContent
) -> Decision | DecisionProposal:
    """Decide a case in review. A high-stakes rejection becomes a proposal for a second
    caseworker to approve; a rejection that needs consultation waits for it."""
    content = _checked(content)
    with transaction.atomic():
        locked = lock_case(case)
        if locked.status != Status.IN_REVIEW:
            raise CaseError(_("Sagen skal være under behandling, før du kan træffe afgørelse."))
        definition = service_definition(locked.service_version)
        _require_consultation(locked, definition, content)
        if _needs_four_eyes(definition, content):
            proposal = DecisionProposal.objects.create(
                case=locked, proposed_by=user, content=content.as_json()
            )
            record_event(
                locked,
                Kind.DECISION_PROPOSED,
                actor=staff_actor(user),
                channel=Channel.SYSTEM,
                data={"proposal": proposal.pk, "outcome": content.outcome},
                visible_to_citizen=False,
            )
            return proposal
        return _issue(locked, definition, content, caseworker=user)


def decision_proposal_approve(*, proposal: DecisionProposal, user: User) -> Decision:
    """The second pair of eyes. The proposer can never approve their own proposal."""
    with transaction.atomic():
        locked = lock_case(proposal.case)
        proposal = DecisionProposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.state != DecisionProposal.State.PENDING:
            raise CaseError(_("Udkastet er allerede behandlet."))
        if proposal.proposed_by_id == user.pk:
            raise FourEyesRequired(_("En anden sagsbehandler skal godkende din afgørelse."))
        content = DecisionContent.from_json(proposal.content)
        definition = service_definition(locked.service_version)
        _require_consultation(locked, definition, content)
        proposal.state = DecisionProposal.State.APPROVED
        proposal.settled_by = user
        proposal.settled_at = timezone.now()
        proposal.save(update_fields=["state", "settled_by", "settled_at"])
        return _issue(
            locked, definition, content, caseworker=proposal.proposed_by, approved_by=user
        )


def decision_proposal_return(
    *, proposal: DecisionProposal, user: User, comment: str
) -> DecisionProposal:
    with transaction.atomic():
        proposal = DecisionProposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.state != DecisionProposal.State.PENDING:
            return proposal
        proposal.state = DecisionProposal.State.RETURNED
        proposal.settled_by = user
        proposal.settled_at = timezone.now()
        proposal.comment = comment.strip()[:MAX_TEXT]
        proposal.save(update_fields=["state", "settled_by", "settled_at", "comment"])
        return proposal


def decision_review(
    *,
    case: Case,
    user: User,
    overturn: bool,
    note: str = "",
    content: DecisionContent | None = None,
) -> DecisionReview:
    """Review a contested decision: uphold it, or replace it with a new one.

    Every review records whether the person overturned the decision and whether that
    decision was automated, so insight can report how often people overrule automation.
    """
    with transaction.atomic():
        locked = lock_case(case)
        if locked.status != Status.IN_REVIEW or not locked.contest_reason:
            raise CaseError(_("Kun en påklaget afgørelse kan vurderes igen."))
        decision = locked.decisions.order_by("-issued_at", "-id").first()
        if decision is None:
            raise CaseError(_("Sagen har ingen afgørelse at vurdere."))
        review = DecisionReview.objects.create(
            case=locked,
            decision=decision,
            reviewer=user,
            was_automated=decision.is_automated,
            overturned=overturn,
            note=note.strip()[:MAX_TEXT],
        )
        data = {"review": review.pk, "overturned": overturn}
        if overturn:
            if content is None:
                raise CaseError(_("Skriv den nye afgørelse."))
            definition = service_definition(locked.service_version)
            content = _checked(content)
            _require_consultation(locked, definition, content)
            record_event(
                locked, Kind.REVIEWED, actor=staff_actor(user), channel=Channel.SYSTEM, data=data
            )
            _issue(locked, definition, content, caseworker=user, replaces=decision)
        else:
            transition_locked(
                locked,
                to=Status.DECIDED,
                actor=staff_actor(user),
                channel=Channel.SYSTEM,
                kind=Kind.REVIEWED,
                data=data,
            )
        return review


def _needs_four_eyes(definition: ServiceDefinition, content: DecisionContent) -> bool:
    return definition.stakes is Stakes.HIGH and content.outcome == DecisionOutcome.REJECTED


def _require_consultation(
    case: Case, definition: ServiceDefinition, content: DecisionContent
) -> None:
    """Forvaltningsloven § 19: no rejection before the citizen has been heard, or an
    exception under § 19, stk. 2 is recorded."""
    if (
        content.outcome == DecisionOutcome.REJECTED
        and definition.consultation_before_rejection
        and not consultation_settled(case)
    ):
        raise ConsultationRequired(
            _(
                "Borgeren skal høres, før du giver afslag (partshøring, forvaltningslovens § 19). "
                "Send en partshøring, eller skriv hvorfor den kan undlades."
            )
        )


def _issue(
    case: Case,
    definition: ServiceDefinition,
    content: DecisionContent,
    *,
    caseworker: User,
    approved_by: User | None = None,
    replaces: Decision | None = None,
) -> Decision:
    decision = Decision.objects.create(
        case=case,
        outcome=content.outcome,
        amount=content.amount,
        amount_kind=definition.amount_kind.value if definition.amount_kind else "",
        reasons=[
            {
                "text": {"da": r["text"]["da"], "en": r["text"].get("en") or r["text"]["da"]},
                "legal_basis": r.get("legal_basis") or content.legal_basis,
                "facts": r.get("facts", {}),
            }
            for r in content.reasons
            if str(r.get("text", {}).get("da", "")).strip()
        ],
        legal_basis=content.legal_basis,
        facts=content.facts,
        appeal=appeal_guidance(definition, issued_on=timezone.localdate()),
        decided_by_kind=ActorKind.STAFF,
        decided_by_name=staff_actor(caseworker).name,
        caseworker=caseworker,
        approved_by=approved_by,
        replaces=replaces,
    )
    transition_locked(
        case,
        to=Status.DECIDED,
        actor=staff_actor(caseworker),
        channel=Channel.SYSTEM,
        kind=Kind.DECIDED,
        data={
            "decision": decision.pk,
            "outcome": decision.outcome,
            "amount": None if decision.amount is None else str(decision.amount),
        },
        decided_at=timezone.now(),
    )
    return decision


def consultation_send(
    *, case: Case, user: User, information: str, respond_by: dt.date
) -> Consultation:
    """Send the information against the citizen, with a deadline to respond (§ 19)."""
    information = information.strip()
    if not information:
        raise CaseError(_("Skriv de oplysninger, borgeren skal høres om."))
    if respond_by <= timezone.localdate():
        raise CaseError(_("Fristen skal ligge efter i dag."))
    with transaction.atomic():
        locked = lock_case(case)
        consultation = Consultation.objects.create(
            case=locked,
            created_by=user,
            information=information[:MAX_TEXT],
            respond_by=respond_by,
            state=Consultation.State.SENT,
        )
        record_event(
            locked,
            Kind.CONSULTATION_SENT,
            actor=staff_actor(user),
            channel=Channel.SYSTEM,
            data={"consultation": consultation.pk, "respond_by": respond_by.isoformat()},
        )
        return consultation


def consultation_record_response(
    *, consultation: Consultation, user: User, response: str, channel: Channel
) -> Consultation:
    response = response.strip()
    if not response:
        raise CaseError(_("Skriv borgerens svar."))
    return _settle(
        consultation,
        user=user,
        state=Consultation.State.ANSWERED,
        kind=Kind.CONSULTATION_ANSWERED,
        channel=channel,
        response=response[:MAX_TEXT],
    )


def consultation_record_lapsed(*, consultation: Consultation, user: User) -> Consultation:
    if consultation.respond_by is None or timezone.localdate() <= consultation.respond_by:
        raise CaseError(_("Fristen for at svare er ikke udløbet endnu."))
    return _settle(
        consultation,
        user=user,
        state=Consultation.State.LAPSED,
        kind=Kind.CONSULTATION_LAPSED,
        channel=Channel.SYSTEM,
    )


def consultation_waive(*, case: Case, user: User, reason: str) -> Consultation:
    """Record why consultation is not needed (forvaltningsloven § 19, stk. 2)."""
    reason = reason.strip()
    if not reason:
        raise CaseError(_("Skriv, hvorfor partshøring kan undlades."))
    with transaction.atomic():
        locked = lock_case(case)
        consultation = Consultation.objects.create(
            case=locked,
            created_by=user,
            state=Consultation.State.WAIVED,
            exception_reason=reason[:MAX_TEXT],
            settled_at=timezone.now(),
        )
        record_event(
            locked,
            Kind.CONSULTATION_WAIVED,
            actor=staff_actor(user),
            channel=Channel.SYSTEM,
            data={"consultation": consultation.pk, "reason": consultation.exception_reason},
            visible_to_citizen=False,
        )
        return consultation


def _settle(
    consultation: Consultation,
    *,
    user: User,
    state: str,
    kind: str,
    channel: str,
    response: str = "",
) -> Consultation:
    with transaction.atomic():
        locked = lock_case(consultation.case)
        consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if consultation.is_settled:
            return consultation
        consultation.state = state
        consultation.response = response
        consultation.settled_at = timezone.now()
        consultation.save(update_fields=["state", "response", "settled_at"])
        record_event(
            locked,
            kind,
            actor=staff_actor(user),
            channel=channel,
            data={"consultation": consultation.pk},
        )
        return consultation
