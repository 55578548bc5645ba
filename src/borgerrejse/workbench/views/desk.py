"""The front desk and phone view: find the citizen, see everything on one screen, register
what happened, and fill in an application with the citizen (assisted self-service).

Assisted self-service uses the same form definition, the same answer checks
(`catalog.answers`), the same rules and the same case as the portal; only the channel
(desk) and the actor (the staff member assisting) differ. A draft the citizen began online
is continued here from where they stopped, and the switch goes on the case's timeline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from borgerrejse.appointments.selectors import citizen_appointments
from borgerrejse.cases.attachments import AttachmentRefused
from borgerrejse.cases.models import ActorKind, Case, Channel, DecisionPreference
from borgerrejse.cases.services import (
    Actor,
    CaseError,
    case_draft_save,
    case_draft_start,
    case_submit,
)
from borgerrejse.cases.services.intake import case_document_receive, case_draft_continue
from borgerrejse.catalog.answers import (
    UNKNOWN_ANSWER,
    input_value,
    merge_step,
    validate_all,
    validate_step,
    visible_fields,
)
from borgerrejse.catalog.schema import Channel as ServiceChannel
from borgerrejse.catalog.schema import FieldType, FormStep, ServiceDefinition
from borgerrejse.catalog.selectors import (
    ServiceNotFound,
    service_definition,
    service_version_get,
    service_versions_current,
)
from borgerrejse.contacts.access import access_draft_for_desk, require_desk
from borgerrejse.contacts.models import Direction
from borgerrejse.contacts.selectors import (
    contact_timeline,
    desk_cases_for_citizen,
    desk_drafts_for_citizen,
)
from borgerrejse.contacts.services import (
    ContactError,
    contact_digital_post_exemption_grant,
    contact_register,
)
from borgerrejse.notifications.selectors import messages_for_citizen
from borgerrejse.people.cpr import InvalidCPR
from borgerrejse.people.models import Citizen, PreferredChannel
from borgerrejse.people.selectors import citizen_get_by_cpr, citizen_list_by_name_and_birth_date
from borgerrejse.staff.access import access_citizen_for_staff, staff_required
from borgerrejse.workbench.desk_forms import (
    CitizenSearchForm,
    ContactForm,
    DocumentForm,
    ExemptionForm,
    StartApplicationForm,
)
from borgerrejse.workbench.views.base import error_links, frame, language, member_of

# How many of the citizen's latest messages the overview shows.
MESSAGES_SHOWN = 10
APPOINTMENTS_SHOWN = 10
SUMMARY = "opsummering"


# --- Finding the citizen --------------------------------------------------------------


@staff_required
@require_http_methods(["GET", "POST"])
def search(request: HttpRequest) -> HttpResponse:
    """Find the citizen. POST, so that a CPR number never lands in a URL or a log."""
    member = member_of(request)
    require_desk(user=member.user)
    form = CitizenSearchForm(request.POST if request.method == "POST" else None)
    found: list[Citizen] = []
    searched = False
    if request.method == "POST" and form.is_valid():
        searched = True
        data = form.cleaned_data
        if data["cpr"]:
            try:
                citizen = citizen_get_by_cpr(cpr=data["cpr"])
            except InvalidCPR as error:
                form.add_error("cpr", error)
                citizen = None
            found = [citizen] if citizen is not None else []
        else:
            found = list(
                citizen_list_by_name_and_birth_date(
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    birth_date=data["birth_date"],
                )[:20]
            )
        if len(found) == 1 and not form.errors:
            return redirect("workbench:desk_citizen", citizen_id=found[0].pk)
    return render(
        request,
        "workbench/desk/search.html",
        {
            **frame(member, "desk"),
            "form": form,
            "errors": error_links(form),
            "found": found,
            "searched": searched and not form.errors,
        },
    )


# --- The citizen on one screen ----------------------------------------------------------


def _citizen(request: HttpRequest, citizen_id: int) -> Citizen:
    user = member_of(request).user
    require_desk(user=user)
    return access_citizen_for_staff(user=user, citizen_id=citizen_id)


def _desk_services() -> list[tuple[str, str]]:
    """Services one can apply for at the desk, by title."""
    services = []
    for version in service_versions_current(on=timezone.localdate()):
        terms = service_definition(version).channels.get(ServiceChannel.DESK)
        if terms is not None and not terms.booking_only:
            title = version.title_en if language() == "en" else version.title_da
            services.append((version.slug, title))
    return sorted(services, key=lambda pair: pair[1])


@dataclass
class _Forms:
    contact: ContactForm | None = None
    document: DocumentForm | None = None
    exemption: ExemptionForm | None = None
    start: StartApplicationForm | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _overview(request: HttpRequest, citizen: Citizen, bound: _Forms | None = None) -> HttpResponse:
    member = member_of(request)
    bound = bound or _Forms()
    cases = list(desk_cases_for_citizen(citizen=citizen))
    numbers = [case.number or "" for case in cases]
    today = timezone.localdate()
    contact = bound.contact or ContactForm(case_numbers=numbers)
    document = bound.document or DocumentForm(case_numbers=numbers)
    exemption = bound.exemption or ExemptionForm()
    start = bound.start or StartApplicationForm(services=_desk_services())
    channel_labels = dict(PreferredChannel.choices)
    return render(
        request,
        "workbench/desk/citizen.html",
        {
            **frame(member, "desk"),
            "citizen": citizen,
            "lang": language(),
            "age": citizen.age(today),
            "preferred_channels": [
                channel_labels.get(code, code) for code in citizen.preferred_channels
            ],
            "exempt": citizen.is_digital_post_exempt(today),
            "cases": cases,
            "drafts": list(desk_drafts_for_citizen(citizen=citizen)),
            "timeline": contact_timeline(citizen=citizen),
            "appointments": list(citizen_appointments(citizen)[:APPOINTMENTS_SHOWN]),
            "messages_to_citizen": list(messages_for_citizen(citizen=citizen)[:MESSAGES_SHOWN]),
            "forms": {
                "contact": contact,
                "document": document,
                "exemption": exemption,
                "start": start,
            },
            "errors": error_links(contact, document, exemption, start),
        },
        status=400
        if any(
            f is not None and f.errors
            for f in (bound.contact, bound.document, bound.exemption, bound.start)
        )
        else 200,
    )


@staff_required
@require_http_methods(["GET"])
def citizen_overview(request: HttpRequest, citizen_id: int) -> HttpResponse:
    return _overview(request, _citizen(request, citizen_id))


def _contact_error(form: forms.Form, error: ContactError) -> None:
    name = error.field if error.field in form.fields else None
    form.add_error(name, str(error.message))


@staff_required
@require_POST
def contact_add(request: HttpRequest, citizen_id: int) -> HttpResponse:
    """Register a phone call, a desk visit, an e-mail … in a few keystrokes."""
    citizen = _citizen(request, citizen_id)
    cases = {case.number: case for case in desk_cases_for_citizen(citizen=citizen)}
    form = ContactForm(request.POST, case_numbers=[n for n in cases if n])
    if form.is_valid():
        data = form.cleaned_data
        minutes = data["duration_minutes"]
        try:
            contact_register(
                citizen=citizen,
                channel=data["channel"],
                direction=data["direction"],
                subject=data["subject"],
                summary=data["summary"],
                cases=[cases[number] for number in data["cases"]],
                resolved_at_first_contact=data["resolved_at_first_contact"],
                duration_seconds=None if minutes is None else minutes * 60,
                handler=member_of(request).user,
            )
        except ContactError as error:
            _contact_error(form, error)
        else:
            messages.success(request, _("Kontakten er registreret."))
            return redirect("workbench:desk_citizen", citizen_id=citizen.pk)
    return _overview(request, citizen, _Forms(contact=form))


@staff_required
@require_POST
def document_add(request: HttpRequest, citizen_id: int) -> HttpResponse:
    """An incoming letter or e-mail into a case, with the scanned document attached."""
    citizen = _citizen(request, citizen_id)
    cases = {case.number: case for case in desk_cases_for_citizen(citizen=citizen)}
    form = DocumentForm(request.POST, request.FILES, case_numbers=[n for n in cases if n])
    if form.is_valid():
        data = form.cleaned_data
        case = cases[data["case"]]
        user = member_of(request).user
        try:
            case_document_receive(
                case=case,
                channel=Channel(data["channel"]),
                upload=data["file"],
                description=data["description"],
                actor=_staff_actor(request),
            )
            contact_register(
                citizen=citizen,
                channel=data["channel"],
                direction=Direction.INBOUND,
                subject=data["description"],
                cases=[case],
                handler=user,
            )
        except AttachmentRefused as error:
            form.add_error("file", str(error.message))
        except (CaseError, ContactError) as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(
                request, _("Dokumentet er lagt på sag %(number)s.") % {"number": case.number}
            )
            return redirect("workbench:desk_citizen", citizen_id=citizen.pk)
    return _overview(request, citizen, _Forms(document=form))


@staff_required
@require_POST
def exemption_grant(request: HttpRequest, citizen_id: int) -> HttpResponse:
    """Fritagelse for Digital Post: from now on, letters go on paper."""
    citizen = _citizen(request, citizen_id)
    form = ExemptionForm(request.POST)
    if form.is_valid():
        try:
            contact_digital_post_exemption_grant(
                citizen=citizen,
                reason=form.cleaned_data["reason"],
                until=form.cleaned_data["until"],
                handler=member_of(request).user,
            )
        except ContactError as error:
            _contact_error(form, error)
        else:
            messages.success(
                request, _("Borgeren er fritaget for Digital Post. Breve sendes nu med posten.")
            )
            return redirect("workbench:desk_citizen", citizen_id=citizen.pk)
    return _overview(request, citizen, _Forms(exemption=form))


# --- Assisted self-service ----------------------------------------------------------------


def _staff_actor(request: HttpRequest) -> Actor:
    """The staff member assisting the citizen: "assisted by ⟨staff⟩" on the desk channel."""
    member = member_of(request)
    return Actor(ActorKind.STAFF, member.full_name)


@staff_required
@require_POST
def application_start(request: HttpRequest, citizen_id: int) -> HttpResponse:
    citizen = _citizen(request, citizen_id)
    form = StartApplicationForm(request.POST, services=_desk_services())
    if not form.is_valid():
        return _overview(request, citizen, _Forms(start=form))
    try:
        version = service_version_get(slug=form.cleaned_data["service"], on=timezone.localdate())
    except ServiceNotFound:
        raise Http404 from None
    case = case_draft_start(
        citizen=citizen, service_version=version, channel=Channel.DESK, actor=_staff_actor(request)
    )
    return redirect(_step_url(citizen, case, case.current_step))


@staff_required
@require_POST
def draft_continue(request: HttpRequest, citizen_id: int, public_id: UUID) -> HttpResponse:
    """Go on at the desk with a draft begun elsewhere, from the step it had reached."""
    citizen = _citizen(request, citizen_id)
    case = access_draft_for_desk(
        user=member_of(request).user, citizen=citizen, public_id=str(public_id)
    )
    case = case_draft_continue(case=case, channel=Channel.DESK, actor=_staff_actor(request))
    definition = service_definition(case.service_version)
    steps = _steps(definition, case.answers)
    step_id = case.current_step if case.current_step in {s.id for s in steps} else ""
    if not step_id and case.current_step == SUMMARY:
        step_id = SUMMARY
    return redirect(_step_url(citizen, case, step_id or steps[0].id))


def _step_url(citizen: Citizen, case: Case, step_id: str) -> str:
    if step_id == SUMMARY or step_id not in {
        s.id for s in service_definition(case.service_version).form.steps
    }:
        return reverse("workbench:desk_draft_summary", args=[citizen.pk, case.public_id])
    return reverse("workbench:desk_draft_step", args=[citizen.pk, case.public_id, step_id])


def _steps(definition: ServiceDefinition, answers: dict[str, Any]) -> list[FormStep]:
    """The steps that ask something, given the answers so far (as the portal's journey)."""
    return [s for s in definition.form.steps if visible_fields(definition, answers, s.id)]


@dataclass(frozen=True)
class _Option:
    value: str
    label: str
    checked: bool
    id: str


@dataclass(frozen=True)
class _FieldView:
    name: str
    kind: str
    label: str
    hint: str
    value: str
    error: str
    options: tuple[_Option, ...]
    unknown_allowed: bool
    unknown: bool

    @property
    def id(self) -> str:
        return f"field-{self.name}"


def _field_views(
    definition: ServiceDefinition,
    step: FormStep,
    answers: dict[str, Any],
    *,
    typed: Any = None,
    errors: dict[str, Any] | None = None,
) -> list[_FieldView]:
    lang = language()
    shown = {f.name for f in visible_fields(definition, answers, step.id)}
    views = []
    for form_field in step.fields:
        if form_field.name not in shown and not (errors and form_field.name in errors):
            continue
        if typed is not None:
            raw = typed.get(form_field.name, "")
            value = raw if isinstance(raw, str) else ""
        else:
            value = input_value(form_field, answers.get(form_field.name), lang)
        radio = form_field.type in {FieldType.CHOICE, FieldType.BOOLEAN}
        pairs: list[tuple[str, str]] = []
        if form_field.type is FieldType.CHOICE:
            pairs = [(key, text.get(lang)) for key, text in form_field.options.items()]
        elif form_field.type is FieldType.BOOLEAN:
            pairs = [("true", _("Ja")), ("false", _("Nej"))]
        if radio and form_field.allow_unknown:
            pairs.append((UNKNOWN_ANSWER, _("Ved ikke")))
        unknown = value == UNKNOWN_ANSWER or (
            typed is not None and typed.get(f"_unknown_{form_field.name}") == "on"
        )
        views.append(
            _FieldView(
                name=form_field.name,
                kind="radio"
                if radio
                else ("textarea" if form_field.type is FieldType.TEXTAREA else "text"),
                label=form_field.label.get(lang),
                hint=(form_field.help.get(lang) if form_field.help else "")
                + (
                    " " + _("Skriv datoen som dd-mm-åååå.")
                    if form_field.type is FieldType.DATE
                    else ""
                ),
                value="" if (unknown and not radio) else value,
                error=str((errors or {}).get(form_field.name, "")),
                options=tuple(
                    _Option(
                        key,
                        label,
                        value == key,
                        f"field-{form_field.name}"
                        if i == 0
                        else f"field-{form_field.name}-{i + 1}",
                    )
                    for i, (key, label) in enumerate(pairs)
                ),
                unknown_allowed=form_field.allow_unknown and not radio,
                unknown=unknown and not radio,
            )
        )
    return views


def _form_data(step: FormStep, post: Any) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for form_field in step.fields:
        if form_field.name in post:
            data[form_field.name] = post.get(form_field.name)
        if post.get(f"_unknown_{form_field.name}") == "on":
            data[form_field.name] = UNKNOWN_ANSWER
    return data


def _draft(request: HttpRequest, citizen_id: int, public_id: UUID) -> tuple[Citizen, Case]:
    citizen = _citizen(request, citizen_id)
    case = access_draft_for_desk(
        user=member_of(request).user, citizen=citizen, public_id=str(public_id)
    )
    return citizen, case


def _step_context(
    request: HttpRequest,
    citizen: Citizen,
    case: Case,
    definition: ServiceDefinition,
    steps: list[FormStep],
    here: str,
) -> dict:
    ids = [s.id for s in steps] + [SUMMARY]
    return {
        **frame(member_of(request), "desk"),
        "citizen": citizen,
        "case": case,
        "service_title": definition.title.get(language()),
        "step_number": ids.index(here) + 1 if here in ids else 1,
        "step_count": len(ids),
    }


@staff_required
@require_http_methods(["GET", "POST"])
def draft_step(
    request: HttpRequest, citizen_id: int, public_id: UUID, step_id: str
) -> HttpResponse:
    citizen, case = _draft(request, citizen_id, public_id)
    definition = service_definition(case.service_version)
    step = next((s for s in definition.form.steps if s.id == step_id), None)
    if step is None:
        raise Http404(step_id)
    steps = _steps(definition, case.answers)
    typed = None
    errors: dict[str, Any] = {}
    if request.method == "POST":
        result = validate_step(
            definition=definition,
            step_id=step_id,
            data=_form_data(step, request.POST),
            answers_so_far=case.answers,
            today=timezone.localdate(),
        )
        merged = merge_step(case.answers, result, definition)
        steps = _steps(definition, merged)
        ids = [s.id for s in steps]
        errors = dict(result.errors)
        if not errors:
            following = ids[ids.index(step_id) + 1] if step_id in ids[:-1] else SUMMARY
            case_draft_save(
                case=case,
                answers=merged,
                current_step=following,
                actor=_staff_actor(request),
                channel=Channel.DESK,
            )
            return redirect(_step_url(citizen, case, following))
        case = case_draft_save(
            case=case,
            answers=merged,
            current_step=step_id,
            actor=_staff_actor(request),
            channel=Channel.DESK,
        )
        typed = request.POST
    fields = _field_views(definition, step, case.answers, typed=typed, errors=errors)
    return render(
        request,
        "workbench/desk/step.html",
        {
            **_step_context(request, citizen, case, definition, steps, step_id),
            "title": step.title.get(language()),
            "fields": fields,
            "errors": [(f"#{f.id}", f.error) for f in fields if f.error],
        },
        status=400 if errors else 200,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def draft_summary(request: HttpRequest, citizen_id: int, public_id: UUID) -> HttpResponse:
    """Check the answers with the citizen, and send the application on their behalf."""
    citizen, case = _draft(request, citizen_id, public_id)
    definition = service_definition(case.service_version)
    steps = _steps(definition, case.answers)
    lang = language()
    problems = validate_all(definition=definition, answers=case.answers, today=timezone.localdate())
    missing = [
        (s.id, s.title.get(language())) for s in steps if any(f.name in problems for f in s.fields)
    ]
    error = ""
    if request.method == "POST":
        preference = request.POST.get("decision_preference", "")
        if missing:
            error = _("Der mangler svar. Gå tilbage til trinnet og svar.")
        elif preference not in DecisionPreference.values:
            error = _("Vælg, om ansøgningen skal afgøres med det samme eller af en sagsbehandler.")
        else:
            try:
                submitted = case_submit(
                    case=case,
                    decision_preference=DecisionPreference(preference),
                    actor=_staff_actor(request),
                    channel=Channel.DESK,
                )
            except CaseError as refused:
                error = str(refused.message)
            else:
                contact_register(
                    citizen=citizen,
                    channel=Channel.DESK,
                    direction=Direction.INBOUND,
                    subject=_("Ansøgning om %(service)s med hjælp ved skranken")
                    % {"service": definition.title.get("da")},
                    cases=[submitted],
                    resolved_at_first_contact=True,
                    handler=member_of(request).user,
                )
                messages.success(
                    request,
                    _("Ansøgningen er sendt. Sagsnummer: %(number)s.")
                    % {"number": submitted.number},
                )
                return redirect("workbench:desk_citizen", citizen_id=citizen.pk)
    rows = []
    for step in steps:
        for form_field in visible_fields(definition, case.answers, step.id):
            value = input_value(form_field, case.answers.get(form_field.name), lang)
            if form_field.type is FieldType.CHOICE and value in form_field.options:
                value = form_field.options[value].get(lang)
            elif form_field.type is FieldType.BOOLEAN:
                value = {"true": _("Ja"), "false": _("Nej")}.get(value, value)
            if value == UNKNOWN_ANSWER:
                value = _("Ved ikke")
            rows.append((form_field.label.get(lang), value, step.id))
    return render(
        request,
        "workbench/desk/summary.html",
        {
            **_step_context(request, citizen, case, definition, steps, SUMMARY),
            "rows": rows,
            "missing": missing,
            "error": error,
            "preferences": DecisionPreference.choices,
        },
        status=400 if error else 200,
    )
