"""Submission: number, due date and priority, then an instant decision or a referral.

Submission is one transaction: the case is stored before any receipt is shown. It is
also the hot path of the citizen's journey, so it locks the case once and saves each
change of status together with everything decided alongside it.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from borgerrejse.cases.models import (
    Case,
    CaseNumberSequence,
    Channel,
    DecisionPreference,
    Status,
)
from borgerrejse.cases.priority import PriorityFacts, priority_for
from borgerrejse.cases.services.decisions import decision_issue_automated
from borgerrejse.cases.services.transitions import (
    Actor,
    CaseError,
    Kind,
    lock_case,
    record_event,
    transition_locked,
)
from borgerrejse.cases.working_days import add_working_days
from borgerrejse.catalog.models import ServiceVersion
from borgerrejse.catalog.schema import AutomationPolicy, ServiceDefinition
from borgerrejse.catalog.schema import Channel as ServiceChannel
from borgerrejse.catalog.selectors import compiled_rules, service_definition
from borgerrejse.people.models import Citizen
from borgerrejse.rules.definitions import Outcome
from borgerrejse.rules.engine import Evaluation

logger = logging.getLogger(__name__)


class ChannelNotAllowed(CaseError):
    pass


class IdempotencyConflict(CaseError):
    pass


def next_case_number(year: int) -> str:
    """`2026-004217`: the year and a running number. The row stays locked until commit."""
    table = CaseNumberSequence._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last = last + 1 WHERE year = %s RETURNING last",  # noqa: S608
            [year],
        )
        row = cursor.fetchone()
    if row is None:
        CaseNumberSequence.objects.get_or_create(year=year)
        return next_case_number(year)
    return f"{year}-{row[0]:06d}"


def case_submit(
    *,
    case: Case,
    decision_preference: DecisionPreference,
    actor: Actor,
    channel: Channel,
    today: dt.date | None = None,
) -> Case:
    """Submit a draft; a second submission of the same draft returns it unchanged.

    A failure in rule evaluation never loses the case: it is referred to a caseworker.
    """
    with transaction.atomic(durable=True):
        return _submit(
            lock_case(case),
            decision_preference=decision_preference,
            actor=actor,
            channel=channel,
            today=today or timezone.localdate(),
        )


def case_submit_answers(
    *,
    citizen: Citizen,
    service_version: ServiceVersion,
    answers: dict[str, Any],
    decision_preference: DecisionPreference,
    channel: Channel,
    actor: Actor,
    idempotency_key: str,
    today: dt.date | None = None,
) -> tuple[Case, bool]:
    """Create and submit a case in one go (the API). Returns the case and whether it is new.

    The same idempotency key always gives the same case, also when two requests race: the
    unique constraint lets one insert win, and the other returns what that one stored.
    """
    existing = _case_for_key(citizen, idempotency_key)
    if existing is not None:
        _check_same_request(existing, service_version, answers)
        return existing, False
    definition = service_definition(service_version)
    try:
        with transaction.atomic(durable=True):
            case = Case.objects.create(
                citizen=citizen,
                service_version=service_version,
                service_slug=service_version.slug,
                department=definition.department.value,
                intake_channel=channel,
                actor_kind=actor.kind,
                actor_name=actor.name,
                answers=answers,
                current_step=definition.form.steps[-1].id,
                idempotency_key=idempotency_key,
            )
            record_event(case, Kind.STARTED, actor=actor, channel=channel)
            submitted = _submit(
                case,
                decision_preference=decision_preference,
                actor=actor,
                channel=channel,
                today=today or timezone.localdate(),
            )
    except IntegrityError:
        raced = _case_for_key(citizen, idempotency_key)
        if raced is None:
            raise
        _check_same_request(raced, service_version, answers)
        return raced, False
    return submitted, True


def _submit(
    case: Case,
    *,
    decision_preference: DecisionPreference,
    actor: Actor,
    channel: Channel,
    today: dt.date,
) -> Case:
    """Submit a case locked (or created) by this transaction."""
    if case.status != Status.DRAFT:
        return case
    definition = service_definition(case.service_version)
    terms = definition.channels.get(ServiceChannel(channel))
    if terms is None or terms.booking_only:
        raise ChannelNotAllowed(
            _("Du kan ikke søge om dette via kanalen »%(channel)s«.")
            % {"channel": Channel(channel).label}
        )
    priority = priority_for(
        PriorityFacts(definition=definition, citizen=case.citizen, channel=channel, on=today)
    )
    case = transition_locked(
        case,
        to=Status.SUBMITTED,
        actor=actor,
        channel=channel,
        kind=Kind.SUBMITTED,
        number=next_case_number(today.year),
        decision_preference=decision_preference,
        due_date=add_working_days(today, terms.deadline_working_days),
        priority=priority.points,
        priority_reasons=priority.reasons,
        submitted_at=timezone.now(),
    )
    return _decide_or_refer(case, definition, actor=actor, channel=channel, today=today)


def _decide_or_refer(
    case: Case, definition: ServiceDefinition, *, actor: Actor, channel: str, today: dt.date
) -> Case:
    rule_set_version = f"{definition.slug} v{definition.version}"
    try:
        evaluation = compiled_rules(case.service_version).evaluate(case.answers, on=today)
    except Exception as error:
        # Whatever went wrong, the case is kept and a person takes over.
        logger.exception("Rule evaluation failed for case %s", case.number)
        message = f"{type(error).__name__}: {error}"
        record_event(
            case,
            Kind.EVALUATION_FAILED,
            actor=Actor.automation(rule_set_version),
            channel=Channel.SYSTEM,
            data={"error": message},
            visible_to_citizen=False,
        )
        return _refer(case, actor=actor, channel=channel, why="evaluation_failed", error=message)

    wants_instant = case.decision_preference == DecisionPreference.INSTANT
    may_automate = definition.automation is AutomationPolicy.GRANT_ONLY
    if wants_instant and may_automate and evaluation.outcome is Outcome.GRANT:
        decision_issue_automated(
            case=case, evaluation=evaluation, definition=definition, today=today
        )
        return case
    why = "rules_referred" if wants_instant else "citizen_asked_for_caseworker"
    return _refer(case, actor=actor, channel=channel, why=why, evaluation=evaluation)


def _refer(
    case: Case,
    *,
    actor: Actor,
    channel: str,
    why: str,
    evaluation: Evaluation | None = None,
    error: str = "",
) -> Case:
    data: dict[str, Any] = {"why": why}
    fields: dict[str, Any] = {"evaluation_error": error}
    if evaluation is not None:
        data["proposed_outcome"] = evaluation.proposed_outcome.value
        data["missing"] = list(evaluation.missing)
        fields["evaluation"] = evaluation.as_dict("da")
    return transition_locked(
        case,
        to=Status.AWAITING_CASEWORKER,
        actor=actor,
        channel=channel,
        kind=Kind.REFERRED,
        data=data,
        **fields,
    )


def _case_for_key(citizen: Citizen, key: str) -> Case | None:
    return Case.objects.filter(citizen=citizen, idempotency_key=key).first()


def _check_same_request(case: Case, service_version: ServiceVersion, answers: dict) -> None:
    if case.service_slug != service_version.slug or case.answers != answers:
        raise IdempotencyConflict(
            _("Nøglen er allerede brugt til en anden ansøgning. Brug en ny nøgle.")
        )
