"""Decisions (afgørelser): outcome, reasons, legal basis, facts and appeal guidance."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from borgerrejse.cases.models import ActorKind, Case, Channel, Decision, DecisionOutcome, Status
from borgerrejse.cases.services.transitions import (
    Actor,
    Kind,
    TransitionNotAllowed,
    transition_locked,
)
from borgerrejse.catalog.schema import ServiceDefinition
from borgerrejse.rules.definitions import Outcome
from borgerrejse.rules.engine import Evaluation

_AUTOMATED_OUTCOMES = {
    Outcome.GRANT: DecisionOutcome.GRANTED,
    Outcome.PARTIAL_GRANT: DecisionOutcome.PARTLY_GRANTED,
}


def decision_issue_automated(
    *, case: Case, evaluation: Evaluation, definition: ServiceDefinition, today: dt.date
) -> Decision:
    """Record an instant grant (straksafgørelse) as a full decision, forvaltningsloven §§ 22-25.

    `case` must be locked by the caller's transaction. Only a grant may be issued by
    automation; anything else is a programming error.
    """
    if evaluation.outcome is not Outcome.GRANT:
        raise TransitionNotAllowed("automation may only grant")
    rule_set_version = f"{definition.slug} v{definition.version}"
    facts: dict[str, Any] = {}
    for reason in evaluation.reasons:
        facts |= reason.facts
    with transaction.atomic(savepoint=False):
        decision = Decision.objects.create(
            case=case,
            outcome=_AUTOMATED_OUTCOMES[evaluation.proposed_outcome],
            amount=evaluation.amount_dkk,
            amount_kind=evaluation.amount_kind.value if evaluation.amount_kind else "",
            reasons=[
                {
                    "rule": reason.rule_id,
                    "text": {"da": reason.text.da, "en": reason.text.en},
                    "legal_basis": reason.legal_basis,
                    "facts": dict(reason.facts),
                }
                for reason in evaluation.reasons
            ],
            legal_basis=definition.legal_basis,
            facts=facts,
            appeal=appeal_guidance(definition, issued_on=today),
            decided_by_kind=ActorKind.AUTOMATION,
            decided_by_name=rule_set_version,
            rule_set_version=rule_set_version,
        )
        transition_locked(
            case,
            to=Status.DECIDED,
            actor=Actor.automation(rule_set_version),
            channel=Channel.SYSTEM,
            kind=Kind.DECIDED,
            data={
                "decision": decision.pk,
                "outcome": decision.outcome,
                "amount": None if decision.amount is None else str(decision.amount),
            },
            decided_at=timezone.now(),
            evaluation=evaluation.as_dict("da"),
        )
        return decision


def appeal_guidance(definition: ServiceDefinition, *, issued_on: dt.date) -> dict[str, Any]:
    """Klagevejledning, forvaltningsloven § 25: body, how, and the last day to appeal."""
    appeal = definition.appeal
    deadline = issued_on + dt.timedelta(weeks=appeal.deadline_weeks)
    return {
        "body": {"da": appeal.body.da, "en": appeal.body.en},
        "how": {"da": appeal.how.da, "en": appeal.how.en},
        "deadline_weeks": appeal.deadline_weeks,
        "deadline": deadline.isoformat(),
    }
