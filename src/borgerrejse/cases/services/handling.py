"""A caseworker's handling of a case: taking it, asking the citizen, notes, forwarding, closing.

Permission to act (role, department, skills) is checked by the staff app's access helpers
before these are called; the rules that belong to the case itself are checked here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from borgerrejse.cases.attachments import AttachmentRefused, check_file
from borgerrejse.cases.models import (
    ActorKind,
    Attachment,
    Case,
    Channel,
    ForwardedTask,
    InformationRequest,
    InternalNote,
    Status,
)
from borgerrejse.cases.selectors import QueueFilter, queue_cases
from borgerrejse.cases.services.transitions import (
    Actor,
    CaseError,
    Kind,
    lock_case,
    record_event,
    transition_locked,
)
from borgerrejse.cases.working_days import add_working_days, working_days_between

QUEUE_STATUSES = (Status.AWAITING_CASEWORKER, Status.CONTESTED)
MAX_TEXT = 10_000
# What a citizen may send with an answer to a request for information.
ANSWER_FILE_TYPES = ("pdf", "jpg", "png")
ANSWER_FILE_MAX_MB = 10
ANSWER_FILES_MAX = 20


def staff_actor(user: User) -> Actor:
    name = getattr(user, "get_full_name", lambda: "")() or user.get_username()
    return Actor(ActorKind.STAFF, name)


def _text(value: str, *, empty_message: object) -> str:
    value = value.strip()
    if not value:
        raise CaseError(empty_message)
    if len(value) > MAX_TEXT:
        raise CaseError(_("Teksten er for lang. Skriv højst %(limit)s tegn.") % {"limit": MAX_TEXT})
    return value


def case_claim_next(
    *, user: User, departments: Iterable[str], services: Iterable[str]
) -> Case | None:
    """Take the first case of the queue. Two people pressing at once never get the same case.

    On PostgreSQL the row is claimed with SELECT … FOR UPDATE SKIP LOCKED, so a second
    caseworker skips a case the first is taking instead of waiting for it; SQLite runs one
    writer at a time, which gives the same guarantee.
    """
    with transaction.atomic():
        queue = queue_cases(
            departments=departments,
            services=services,
            filters=QueueFilter(),
            today=timezone.localdate(),
        )
        if connection.features.has_select_for_update_skip_locked:
            queue = queue.select_for_update(skip_locked=True, of=("self",))
        case = queue.first()
        if case is None:
            return None
        return transition_locked(
            case,
            to=Status.IN_REVIEW,
            actor=staff_actor(user),
            channel=Channel.SYSTEM,
            kind=Kind.CLAIMED,
            handler=user,
        )


def case_assign(*, case: Case, handler: User, assigned_by: User) -> Case:
    """A team lead gives a case to a caseworker, or moves it to another."""
    with transaction.atomic():
        locked = lock_case(case)
        if locked.handler_id == handler.pk and locked.status not in QUEUE_STATUSES:
            return locked
        actor = staff_actor(assigned_by)
        data = {"handler": staff_actor(handler).name}
        if locked.status in QUEUE_STATUSES:
            return transition_locked(
                locked,
                to=Status.IN_REVIEW,
                actor=actor,
                channel=Channel.SYSTEM,
                kind=Kind.ASSIGNED,
                data=data,
                handler=handler,
            )
        if locked.status not in (Status.IN_REVIEW, Status.AWAITING_CITIZEN):
            raise CaseError(_("Kun åbne sager kan gives til en anden."))
        locked.handler = handler
        locked.save(update_fields=["handler", "updated_at"])
        record_event(locked, Kind.ASSIGNED, actor=actor, channel=Channel.SYSTEM, data=data)
        return locked


def information_request(
    *, case: Case, user: User, message: str, respond_by: dt.date
) -> InformationRequest:
    """Ask the citizen for information. The due-date clock stops until they answer."""
    message = _text(message, empty_message=_("Skriv, hvad borgeren skal sende."))
    today = timezone.localdate()
    if respond_by < today:
        raise CaseError(_("Svarfristen kan ikke ligge før i dag."))
    with transaction.atomic():
        locked = lock_case(case)
        request = InformationRequest.objects.create(
            case=locked, requested_by=user, message=message, respond_by=respond_by
        )
        transition_locked(
            locked,
            to=Status.AWAITING_CITIZEN,
            actor=staff_actor(user),
            channel=Channel.SYSTEM,
            kind=Kind.INFORMATION_REQUESTED,
            data={"request": request.pk, "message": message, "respond_by": respond_by.isoformat()},
            clock_stopped_on=today,
        )
        return request


def information_answer(
    *,
    request: InformationRequest,
    actor: Actor,
    channel: Channel,
    answer: str,
    attachments: Iterable[Attachment] = (),
) -> InformationRequest:
    """The citizen answers; the case returns to its caseworker and the clock runs again.

    The due date moves by the working days the clock stood still.
    """
    attachments = list(attachments)
    if not answer.strip() and not attachments:
        raise CaseError(_("Skriv et svar, eller vedhæft en fil."))
    with transaction.atomic():
        locked = lock_case(request.case)
        request = InformationRequest.objects.select_for_update().get(pk=request.pk)
        if request.state == InformationRequest.State.ANSWERED:
            return request
        request.state = InformationRequest.State.ANSWERED
        request.answer = answer.strip()[:MAX_TEXT]
        request.answered_at = timezone.now()
        request.save(update_fields=["state", "answer", "answered_at"])
        Attachment.objects.filter(pk__in=[a.pk for a in attachments], case=locked).update(
            information_request=request
        )
        fields = _restart_clock(locked)
        transition_locked(
            locked,
            to=Status.IN_REVIEW,
            actor=actor,
            channel=channel,
            kind=Kind.INFORMATION_RECEIVED,
            data={"request": request.pk, "attachments": len(attachments)},
            **fields,
        )
        return request


def information_answer_attachment_add(
    *, request: InformationRequest, upload: UploadedFile, actor: Actor, channel: str
) -> Attachment:
    """Store a file the citizen sends with their answer, linked to the request.

    The request must still be open. The file is checked as application attachments are:
    its type (PDF, JPG or PNG), its size (10 MB) and that its content is what its name
    says. A refused file raises AttachmentRefused with a reason the citizen can act on.
    """
    checked = check_file(upload=upload, types=ANSWER_FILE_TYPES, max_size_mb=ANSWER_FILE_MAX_MB)
    with transaction.atomic():
        locked = lock_case(request.case)
        request = InformationRequest.objects.select_for_update().get(pk=request.pk)
        if request.state != InformationRequest.State.OPEN:
            raise CaseError(_("Du har allerede svaret. Ring til os, hvis du vil sende mere."))
        if request.attachments.count() >= ANSWER_FILES_MAX:
            raise AttachmentRefused(
                _("Du kan højst sende %(limit)s filer. Ring til os, hvis du vil sende flere.")
                % {"limit": ANSWER_FILES_MAX}
            )
        attachment = Attachment(
            case=locked,
            information_request=request,
            slot="",
            original_name=upload.name or "bilag",
            content_type=checked.content_type,
            size=checked.size,
            sha256=hashlib.sha256(checked.data).hexdigest(),
        )
        attachment.file.save(upload.name or "bilag", upload, save=False)
        attachment.save()
        record_event(
            locked,
            Kind.ATTACHMENT_ADDED,
            actor=actor,
            channel=channel,
            data={"attachment": attachment.original_name, "request": request.pk},
        )
        return attachment


def _restart_clock(case: Case) -> dict[str, Any]:
    if case.clock_stopped_on is None or case.due_date is None:
        return {"clock_stopped_on": None}
    stood_still = max(0, working_days_between(case.clock_stopped_on, timezone.localdate()))
    return {
        "clock_stopped_on": None,
        "due_date": add_working_days(case.due_date, stood_still),
    }


def case_note_add(*, case: Case, user: User, text: str) -> InternalNote:
    text = _text(text, empty_message=_("Skriv en note."))
    with transaction.atomic():
        note = InternalNote.objects.create(case=case, author=user, text=text)
        record_event(
            case,
            Kind.NOTE_ADDED,
            actor=staff_actor(user),
            channel=Channel.SYSTEM,
            data={"note": note.pk},
            visible_to_citizen=False,
        )
        return note


def case_forward(*, case: Case, user: User, to_department: str, description: str) -> ForwardedTask:
    """Send part of a case to another department as a linked task.

    The citizen keeps one case and one contact person: the handler does not change.
    """
    description = _text(description, empty_message=_("Skriv, hvad den anden afdeling skal gøre."))
    if to_department == case.department:
        raise CaseError(_("Vælg en anden afdeling end sagens egen."))
    with transaction.atomic():
        locked = lock_case(case)
        task = ForwardedTask.objects.create(
            case=locked,
            from_department=locked.department,
            to_department=to_department,
            description=description,
            created_by=user,
        )
        record_event(
            locked,
            Kind.FORWARDED,
            actor=staff_actor(user),
            channel=Channel.SYSTEM,
            data={"task": task.pk, "to_department": to_department},
        )
        return task


def forwarded_task_complete(*, task: ForwardedTask, user: User, result: str) -> ForwardedTask:
    result = _text(result, empty_message=_("Skriv, hvad I har gjort."))
    with transaction.atomic():
        locked = lock_case(task.case)
        task = ForwardedTask.objects.select_for_update().get(pk=task.pk)
        if task.state == ForwardedTask.State.DONE:
            return task
        task.state = ForwardedTask.State.DONE
        task.result = result
        task.completed_by = user
        task.completed_at = timezone.now()
        task.save(update_fields=["state", "result", "completed_by", "completed_at"])
        record_event(
            locked,
            Kind.TASK_COMPLETED,
            actor=staff_actor(user),
            channel=Channel.SYSTEM,
            data={"task": task.pk, "department": task.to_department},
        )
        return task


def case_close(*, case: Case, user: User) -> Case:
    with transaction.atomic():
        locked = lock_case(case)
        if locked.forwarded_tasks.filter(state=ForwardedTask.State.OPEN).exists():
            raise CaseError(_("Sagen har en opgave i en anden afdeling, som ikke er løst."))
        return transition_locked(
            locked,
            to=Status.CLOSED,
            actor=staff_actor(user),
            channel=Channel.SYSTEM,
            kind=Kind.CLOSED,
        )
