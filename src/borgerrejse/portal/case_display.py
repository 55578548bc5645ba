"""Cases and decisions as the citizen reads them on the portal.

A decision on screen carries what the written letter carries (forvaltningsloven §§ 22-25):
the outcome, the reasons, the legal rules, the facts used, who decided and how to appeal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from borgerrejse.cases.letters import fact_value_text
from borgerrejse.cases.models import (
    Case,
    Decision,
    DecisionOutcome,
    Status,
    TimelineEvent,
)
from borgerrejse.catalog.departments import Team, team_for
from borgerrejse.catalog.schema import ServiceDefinition
from borgerrejse.catalog.selectors import service_definition
from borgerrejse.notifications.models import Message
from borgerrejse.portal.message_display import message_line
from borgerrejse.rules.definitions import LocalText, ValueType
from borgerrejse.rules.presentation import kroner_text
from borgerrejse.staff.selectors import case_contact

_GRANTED = {DecisionOutcome.GRANTED, DecisionOutcome.PARTLY_GRANTED}


def local(text: Mapping[str, str] | None, language: str) -> str:
    """A {"da": …, "en": …} text from a stored decision, in the language asked for."""
    if not text:
        return ""
    return text.get(language) or text.get("da", "")


# Who handles a case


@dataclass(frozen=True)
class Handler:
    """Who the citizen deals with: a named caseworker once one has the case, else the team."""

    person: str
    team: Team
    # Whether someone is still to work on the case; a decided case has only questions left.
    open: bool
    # The caseworker's title, direct line and e-mail, when the case has a staff member.
    title: str = ""
    phone: str = ""
    email: str = ""


# Statuses where the case waits for the municipality, not for the citizen or nobody.
WAITING_FOR_US = frozenset(
    {
        Status.DRAFT,
        Status.SUBMITTED,
        Status.AWAITING_CASEWORKER,
        Status.IN_REVIEW,
        Status.AWAITING_CITIZEN,
        Status.CONTESTED,
    }
)


def case_handler(case: Case) -> Handler:
    """A name and a face (DESIGN.md, principle 4): the caseworker and how to reach them."""
    team = team_for(case.department)
    waiting = case.status in WAITING_FOR_US
    contact = case_contact(case=case)
    if contact.is_person:
        return Handler(
            person=contact.name,
            team=team,
            open=waiting,
            title=contact.title,
            phone=contact.phone if contact.phone != team.phone else "",
            email=contact.email if contact.email != team.email else "",
        )
    person = case.handler.get_full_name() if case.handler is not None else ""
    return Handler(person=person, team=team, open=waiting)


# Decisions


@dataclass(frozen=True)
class ReasonLine:
    text: str
    legal_basis: str


@dataclass(frozen=True)
class FactLine:
    label: str
    value: str


@dataclass(frozen=True)
class DecisionView:
    decision: Decision
    outcome: str
    # The outcome and what it means in money, in short sentences (as in the letter).
    headline: str
    amount_sentence: str
    granted: bool
    # "fee", "benefit" or "" when the decision is not about money.
    amount_kind: str
    amount: str
    amount_is_zero: bool
    reasons: tuple[ReasonLine, ...]
    legal_bases: tuple[str, ...]
    answers: tuple[FactLine, ...]
    rates: tuple[FactLine, ...]
    automated: bool
    decided_by: str
    rule_set_version: str
    issued_on: dt.date
    appeal_body: str
    appeal_how: str
    appeal_weeks: int | None
    appeal_deadline: dt.date | None


def _amount_ore(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def _headline(outcome: DecisionOutcome) -> str:
    return {
        DecisionOutcome.GRANTED: _("Vi har bevilget din ansøgning."),
        DecisionOutcome.PARTLY_GRANTED: _("Vi har bevilget en del af det, du har søgt om."),
        DecisionOutcome.REJECTED: _("Du får afslag på din ansøgning."),
        DecisionOutcome.DISMISSED: _(
            "Vi har afvist din ansøgning. Det betyder, at vi ikke har vurderet den."
        ),
    }[outcome]


def _amount_sentence(decision: Decision, language: str) -> str:
    """A fee is paid by the citizen, a benefit paid to them: the wording says which."""
    if decision.amount is None or decision.outcome not in _GRANTED:
        return ""
    amount = kroner_text(_amount_ore(decision.amount), language)
    if decision.amount_kind == "fee":
        if not decision.amount:
            return _("Det koster ikke noget.")
        sentence = _("Du skal betale et gebyr på %(amount)s.") % {"amount": amount}
    elif decision.amount:
        sentence = _("Du får udbetalt %(amount)s.") % {"amount": amount}
    else:
        return ""
    # "225 kr." ending a sentence takes no second full stop.
    return sentence.replace("kr..", "kr.")


def _fact_lines(
    decision: Decision, definition: ServiceDefinition, language: str
) -> tuple[tuple[FactLine, ...], tuple[FactLine, ...]]:
    """What the citizen told us, and the rates and limits that applied (§ 24).

    Values the rules work out on the way, without a name a citizen would understand,
    are left out: the reasons state the ones that matter in words.
    """
    facts: dict[str, Any] = dict(decision.facts)
    for reason in decision.reasons:
        facts |= reason.get("facts", {})
    answers = tuple(
        FactLine(
            field.label.get(language),
            fact_value_text(
                _value_type(field.fact().type.value), facts[field.name], language, field.options
            ),
        )
        for field in definition.form.fields()
        if field.name in facts
    )
    labelled: list[tuple[str, LocalText | None, ValueType]] = [
        (name, parameter.label, parameter.type) for name, parameter in definition.parameters.items()
    ] + [(name, derived.label, derived.type) for name, derived in definition.derived.items()]
    rates = tuple(
        FactLine(label.get(language), fact_value_text(kind, facts[name], language, {}))
        for name, label, kind in labelled
        if name in facts and label is not None
    )
    return answers, rates


def _value_type(fact_type: str) -> ValueType | None:
    try:
        return ValueType(fact_type)
    except ValueError:
        return None


def decision_view(decision: Decision, *, language: str) -> DecisionView:
    case = decision.case
    definition = service_definition(case.service_version)
    outcome = DecisionOutcome(decision.outcome)
    answers, rates = _fact_lines(decision, definition, language)
    appeal = decision.appeal or {}
    deadline = appeal.get("deadline")
    bases = [decision.legal_basis, *(reason.get("legal_basis", "") for reason in decision.reasons)]
    team = team_for(case.department)
    if decision.is_automated:
        decided_by = ""
    elif decision.caseworker is not None and decision.caseworker.get_full_name():
        decided_by = decision.caseworker.get_full_name()
    else:
        decided_by = decision.decided_by_name or str(team.name)
    return DecisionView(
        decision=decision,
        outcome=str(outcome.label),
        headline=_headline(outcome),
        amount_sentence=_amount_sentence(decision, language),
        granted=outcome in _GRANTED,
        amount_kind=decision.amount_kind if decision.amount is not None else "",
        amount=(
            kroner_text(_amount_ore(decision.amount), language)
            if decision.amount is not None
            else ""
        ),
        amount_is_zero=decision.amount is not None and decision.amount == 0,
        reasons=tuple(
            ReasonLine(local(reason.get("text"), language), reason.get("legal_basis", ""))
            for reason in decision.reasons
        ),
        legal_bases=tuple(dict.fromkeys(basis for basis in bases if basis)),
        answers=answers,
        rates=rates,
        automated=decision.is_automated,
        decided_by=decided_by,
        rule_set_version=decision.rule_set_version or decision.decided_by_name,
        issued_on=timezone.localdate(decision.issued_at),
        appeal_body=local(appeal.get("body"), language),
        appeal_how=local(appeal.get("how"), language),
        appeal_weeks=appeal.get("deadline_weeks"),
        appeal_deadline=dt.date.fromisoformat(deadline) if deadline else None,
    )


# The timeline


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    text: str
    detail: str
    channel: str
    # For a message we sent: whether it arrived, in words and as a badge.
    status: str = ""
    badge: str = ""


def timeline_entries(
    events: Iterable[TimelineEvent], messages: Iterable[Message] = ()
) -> list[TimelineEntry]:
    """The citizen-visible events of a case and the messages we sent about them, newest
    first. Both come oldest first; a message sorts after the event that caused it."""
    entries = []
    for event in events:
        detail = ""
        if event.kind == TimelineEvent.Kind.ATTACHMENT_ADDED:
            detail = str(event.data.get("attachment", ""))
        elif event.kind == TimelineEvent.Kind.STATUS_CHANGED and event.status_to:
            detail = str(Status(event.status_to).label)
        entries.append(
            TimelineEntry(
                at=event.at,
                text=event.get_kind_display(),
                detail=detail,
                channel=event.get_channel_display(),
            )
        )
    for message in messages:
        line = message_line(message)
        entries.append(
            TimelineEntry(
                at=line.at,
                text=_("Vi skrev til dig"),
                detail=message.subject,
                channel=line.channel,
                status=line.status,
                badge=line.badge,
            )
        )
    # Stable: at equal times the later-added entry (the message) stays after its event.
    ordered = sorted(enumerate(entries), key=lambda pair: (pair[1].at, pair[0]))
    return [entry for _index, entry in reversed(ordered)]


def status_badge(status: str) -> str:
    """The DKFDS badge variant for a case status."""
    if status == Status.AWAITING_CITIZEN:
        return "badge-warning"
    if status in {Status.DECIDED, Status.CLOSED}:
        return "badge-success"
    if status == Status.WITHDRAWN:
        return ""
    return "badge-info"
