"""The citizen answers a caseworker's request for information online: text and files.

Files are stored one by one as they arrive. A refused file is explained (type, size,
content) and the text the citizen wrote stays in the form, with the files already saved
listed: nothing is lost (DESIGN.md, principle 5). When the answer is sent, the case goes
back to the caseworker and its clock runs again.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from borgerrejse.cases.models import Channel, InformationRequest
from borgerrejse.cases.services import (
    ANSWER_FILE_MAX_MB,
    Actor,
    AttachmentRefused,
    CaseError,
    information_answer,
    information_answer_attachment_add,
)
from borgerrejse.identity.access import citizen_required
from borgerrejse.portal.case_display import case_handler
from borgerrejse.portal.views.cases import _case, _citizen, _title, file_types

ANSWER_FIELD = "answer"
FILES_FIELD = "files"
MAX_ANSWER_LENGTH = 10_000


@citizen_required
@require_http_methods(["GET", "POST"])
def information_answer_form(request: HttpRequest, number: str, request_id: int) -> HttpResponse:
    case = _case(request, number)
    # Only through the citizen's own case: another citizen's request is not found.
    info = case.information_requests.filter(pk=request_id).first()
    if info is None:
        raise Http404("no such request")
    if info.state != InformationRequest.State.OPEN:
        messages.info(request, _("Du har allerede svaret. Tak for dit svar."))
        return redirect("portal:case", number=number)
    actor = Actor.for_citizen(_citizen(request))
    text = ""
    answer_error = ""
    file_errors: list[str] = []
    if request.method == "POST":
        text = request.POST.get(ANSWER_FIELD, "")
        for upload in request.FILES.getlist(FILES_FIELD):
            try:
                information_answer_attachment_add(
                    request=info, upload=upload, actor=actor, channel=Channel.WEB
                )
            except (AttachmentRefused, CaseError) as refused:
                file_errors.append(
                    _("»%(name)s«: %(reason)s") % {"name": upload.name, "reason": refused.message}
                )
        if len(text) > MAX_ANSWER_LENGTH:
            answer_error = _("Teksten er for lang. Skriv højst %(limit)s tegn.") % {
                "limit": MAX_ANSWER_LENGTH
            }
        if not file_errors and not answer_error:
            try:
                information_answer(
                    request=info,
                    actor=actor,
                    channel=Channel.WEB,
                    answer=text,
                    attachments=info.attachments.all(),
                )
            except CaseError as refused:
                answer_error = str(refused.message)
            else:
                messages.success(
                    request,
                    _("Tak for dit svar. Din sagsbehandler arbejder videre med sagen."),
                )
                return redirect("portal:case", number=number)
    errors = [(f"#field-{ANSWER_FIELD}", answer_error)] if answer_error else []
    errors += [(f"#field-{FILES_FIELD}", error) for error in file_errors]
    return render(
        request,
        "portal/cases/answer.html",
        {
            "case": case,
            "title": _title(case),
            "info": info,
            "saved_files": list(info.attachments.all()),
            "handler": case_handler(case),
            "text": text,
            "answer_error": answer_error,
            "file_errors": file_errors,
            "errors": errors,
            "error_heading": _("Vi har ikke sendt dit svar endnu"),
            "types": file_types(),
            "max_size_mb": ANSWER_FILE_MAX_MB,
            "max_length": MAX_ANSWER_LENGTH,
        },
    )
