"""Cases, their append-only timeline, decisions and attachments."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from borgerrejse.catalog.models import ServiceVersion
from borgerrejse.people.models import Citizen


class Status(models.TextChoices):
    DRAFT = "draft", _("Kladde")
    SUBMITTED = "submitted", _("Modtaget")
    AWAITING_CASEWORKER = "awaiting_caseworker", _("Venter på en sagsbehandler")
    IN_REVIEW = "in_review", _("Under behandling")
    AWAITING_CITIZEN = "awaiting_citizen", _("Venter på svar fra dig")
    DECIDED = "decided", _("Afgjort")
    CONTESTED = "contested", _("Klage modtaget")
    CLOSED = "closed", _("Lukket")
    WITHDRAWN = "withdrawn", _("Trukket tilbage")


OPEN_STATUSES = frozenset(
    {
        Status.SUBMITTED,
        Status.AWAITING_CASEWORKER,
        Status.IN_REVIEW,
        Status.AWAITING_CITIZEN,
        Status.CONTESTED,
    }
)


class Channel(models.TextChoices):
    WEB = "web", _("Online")
    PHONE = "phone", _("Telefon")
    DESK = "desk", _("Borgerservice (skranke)")
    VIDEO = "video", _("Video")
    LETTER = "letter", _("Brev")
    EMAIL = "email", _("E-mail")
    SYSTEM = "system", _("Systemet")


class ActorKind(models.TextChoices):
    CITIZEN = "citizen", _("Borgeren")
    PROXY = "proxy", _("En med fuldmagt")
    STAFF = "staff", _("En medarbejder")
    AUTOMATION = "automation", _("Automatisk behandling")


class DecisionPreference(models.TextChoices):
    INSTANT = "instant", _("Afgør det med det samme, hvis det kan lade sig gøre")
    CASEWORKER = "caseworker", _("Jeg vil have, at en sagsbehandler ser på det")


class Case(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Given at submission; a draft has none yet. NULL, not "", so that unique holds.
    number = models.CharField(max_length=20, unique=True, null=True, blank=True)
    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="cases")
    service_version = models.ForeignKey(ServiceVersion, on_delete=models.PROTECT)
    service_slug = models.SlugField(max_length=60)
    department = models.CharField(max_length=30)
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.DRAFT)
    intake_channel = models.CharField(max_length=10, choices=Channel.choices)
    actor_kind = models.CharField(max_length=12, choices=ActorKind.choices)
    actor_name = models.CharField(max_length=200, blank=True)
    answers = models.JSONField(default=dict)
    current_step = models.CharField(max_length=60, blank=True)
    decision_preference = models.CharField(
        max_length=12, choices=DecisionPreference.choices, blank=True
    )
    idempotency_key = models.CharField(max_length=100, null=True, blank=True)  # noqa: DJ001
    priority = models.IntegerField(default=0)
    priority_reasons = models.JSONField(default=list)
    due_date = models.DateField(null=True, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    # What the rules found at submission, kept for the caseworker and for review.
    evaluation = models.JSONField(null=True, blank=True)
    evaluation_error = models.TextField(blank=True)
    contest_reason = models.TextField(blank=True)
    # While we wait for the citizen the processing clock stands still (since this day).
    clock_stopped_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["citizen", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="case_idempotency_key_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["citizen", "-created_at"], name="case_citizen_idx"),
            # The queue (cases.selectors.queue_cases, and "take next"): the cases nobody has
            # taken, in the order they are taken, so a page or a claim reads a few index
            # entries instead of sorting a department's whole queue. service_slug comes
            # last, so that the queue's size is counted from the index alone.
            models.Index(
                fields=["department", "-priority", "due_date", "id", "service_slug"],
                condition=models.Q(
                    status__in=[Status.AWAITING_CASEWORKER, Status.CONTESTED],
                    handler__isnull=True,
                ),
                name="case_queue_idx",
            ),
            # Open cases counted by status for a department's services (queue_counts),
            # from the index alone: it counts ids, so the id is in it too. Only open
            # cases: a fifth of all, and the only ones asked for.
            models.Index(
                fields=["department", "status", "service_slug", "id"],
                condition=models.Q(status__in=sorted(OPEN_STATUSES)),
                name="case_open_status_idx",
            ),
            models.Index(fields=["status", "due_date"], name="case_status_due_idx"),
        ]

    def __str__(self) -> str:
        return self.number or f"kladde {self.public_id}"

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    def can_contest(self) -> bool:
        return self.status == Status.DECIDED


class AppendOnlyError(Exception):
    """Timeline events are never changed or deleted."""


class TimelineEvent(models.Model):
    """One entry in a case's history: who did what, when, on which channel."""

    class Kind(models.TextChoices):
        STARTED = "started", _("Ansøgning påbegyndt")
        STEP_SAVED = "step_saved", _("Trin gemt")
        CHANNEL_SWITCHED = "channel_switched", _("Fortsat via en anden kanal")
        DOCUMENT_RECEIVED = "document_received", _("Brev eller e-mail modtaget")
        ATTACHMENT_ADDED = "attachment_added", _("Bilag tilføjet")
        SUBMITTED = "submitted", _("Ansøgning modtaget")
        REFERRED = "referred", _("Sendt til en sagsbehandler")
        EVALUATION_FAILED = "evaluation_failed", _("Automatisk vurdering mislykkedes")
        DECIDED = "decided", _("Afgørelse truffet")
        CONTESTED = "contested", _("Afgørelsen er påklaget")
        STATUS_CHANGED = "status_changed", _("Status ændret")
        WITHDRAWN = "withdrawn", _("Trukket tilbage")
        CLAIMED = "claimed", _("En sagsbehandler har taget sagen")
        ASSIGNED = "assigned", _("Sagen er givet til en sagsbehandler")
        INFORMATION_REQUESTED = "information_requested", _("Vi har bedt dig om oplysninger")
        INFORMATION_RECEIVED = "information_received", _("Dit svar er modtaget")
        CONSULTATION_SENT = "consultation_sent", _("Partshøring sendt")
        CONSULTATION_ANSWERED = "consultation_answered", _("Svar på partshøring modtaget")
        CONSULTATION_LAPSED = "consultation_lapsed", _("Fristen for partshøring er udløbet")
        CONSULTATION_WAIVED = "consultation_waived", _("Partshøring undladt")
        DECISION_PROPOSED = "decision_proposed", _("Udkast til afgørelse venter på godkendelse")
        REVIEWED = "reviewed", _("Afgørelsen er vurderet igen")
        FORWARDED = "forwarded", _("En del af sagen er sendt til en anden afdeling")
        TASK_COMPLETED = "task_completed", _("En anden afdeling har løst sin del")
        NOTE_ADDED = "note_added", _("Intern note")
        CLOSED = "closed", _("Sagen er lukket")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="timeline")
    at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    status_from = models.CharField(max_length=24, choices=Status.choices, blank=True)
    status_to = models.CharField(max_length=24, choices=Status.choices, blank=True)
    actor_kind = models.CharField(max_length=12, choices=ActorKind.choices)
    actor_name = models.CharField(max_length=200, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    data = models.JSONField(default=dict, blank=True)
    # Internal events (an evaluation error, say) are for staff only.
    visible_to_citizen = models.BooleanField(default=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"], name="timeline_case_idx")]

    def __str__(self) -> str:
        return f"{self.case} {self.kind} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("timeline events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("timeline events cannot be deleted")


class DecisionOutcome(models.TextChoices):
    GRANTED = "granted", _("Bevilget")
    PARTLY_GRANTED = "partly_granted", _("Delvist bevilget")
    REJECTED = "rejected", _("Afslag")
    DISMISSED = "dismissed", _("Afvist")


class Decision(models.Model):
    """An afgørelse: outcome, reasons, legal basis, facts and appeal guidance (fvl. §§ 22-25).

    A decision is never edited: a review that changes it issues a new decision.
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(max_length=16, choices=DecisionOutcome.choices)
    amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    amount_kind = models.CharField(max_length=10, blank=True)
    # [{"text": {"da": …, "en": …}, "legal_basis": …, "facts": {…}}]
    reasons = models.JSONField(default=list)
    legal_basis = models.CharField(max_length=300)
    facts = models.JSONField(default=dict)
    # {"body": {"da", "en"}, "how": {"da", "en"}, "deadline_weeks": n, "deadline": "YYYY-MM-DD"}
    appeal = models.JSONField(default=dict)
    decided_by_kind = models.CharField(max_length=12, choices=ActorKind.choices)
    decided_by_name = models.CharField(max_length=200, blank=True)
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    # For automation: the exact rule set, e.g. "sundhedskort v1".
    rule_set_version = models.CharField(max_length=80, blank=True)
    # Four eyes: the second caseworker who approved a high-stakes rejection.
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="approved_decisions",
    )
    # A decision that replaces another after review of a contested decision.
    replaces = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["issued_at", "id"]

    def __str__(self) -> str:
        return f"{self.case} {self.outcome}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("an issued decision cannot be changed")
        super().save(*args, **kwargs)

    @property
    def is_automated(self) -> bool:
        return self.decided_by_kind == ActorKind.AUTOMATION


class Attachment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="attachments")
    # Set when the file answers a caseworker's request for information.
    information_request = models.ForeignKey(
        "InformationRequest",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    # The id of the required attachment in the service definition, or "" for extra files.
    slot = models.CharField(max_length=60, blank=True)
    file = models.FileField(upload_to="attachments/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class CaseNumberSequence(models.Model):
    """The last case number used per year: `2026-004217` is the 4,217th case of 2026."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class InternalNote(models.Model):
    """A note between staff. The citizen never sees it."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.case} note {self.pk}"


class InformationRequest(models.Model):
    """A caseworker asks the citizen for information; the clock stops until they answer."""

    class State(models.TextChoices):
        OPEN = "open", _("Venter på svar")
        ANSWERED = "answered", _("Besvaret")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="information_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    message = models.TextField()
    respond_by = models.DateField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    answer = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.case} request {self.pk}"


class Consultation(models.Model):
    """Partshøring, forvaltningsloven § 19: the citizen is heard on information against them.

    It is settled when the citizen has answered, the deadline has passed, or an exception
    under § 19, stk. 2 is recorded with its reason.
    """

    class State(models.TextChoices):
        SENT = "sent", _("Sendt")
        ANSWERED = "answered", _("Besvaret")
        LAPSED = "lapsed", _("Fristen er udløbet")
        WAIVED = "waived", _("Undladt")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="consultations")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    information = models.TextField(blank=True)
    respond_by = models.DateField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices)
    response = models.TextField(blank=True)
    # Why consultation was not needed (forvaltningsloven § 19, stk. 2).
    exception_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.case} consultation {self.pk}"

    @property
    def is_settled(self) -> bool:
        return self.state != self.State.SENT


class DecisionProposal(models.Model):
    """A decision that needs a second caseworker's approval before it is issued."""

    class State(models.TextChoices):
        PENDING = "pending", _("Venter på godkendelse")
        APPROVED = "approved", _("Godkendt")
        RETURNED = "returned", _("Sendt tilbage")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="proposals")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Everything the decision will carry, as the proposer wrote it.
    content = models.JSONField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.case} proposal {self.pk}"


class DecisionReview(models.Model):
    """A person's review of a contested decision. `overturned` feeds the override rate."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="reviews")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    was_automated = models.BooleanField()
    overturned = models.BooleanField()
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.case} review {self.pk}"


class ForwardedTask(models.Model):
    """Part of a case sent to another department. The case keeps one contact person."""

    class State(models.TextChoices):
        OPEN = "open", _("Åben")
        DONE = "done", _("Løst")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="forwarded_tasks")
    from_department = models.CharField(max_length=30)
    to_department = models.CharField(max_length=30)
    description = models.TextField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    result = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["to_department", "state"], name="task_department_idx")]

    def __str__(self) -> str:
        return f"{self.case} → {self.to_department}"
