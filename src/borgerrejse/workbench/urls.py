from django.urls import path

from borgerrejse.workbench.views import (
    actions,
    appointments,
    case,
    counter,
    deciding,
    desk,
    lists,
    messages,
    printed,
)

app_name = "workbench"

_CASE = "arbejde/sager/<str:number>/"
_DESK = "arbejde/borgerservice/borgere/<int:citizen_id>/"

urlpatterns = [
    path("arbejde/", lists.queue, name="queue"),
    path("arbejde/tag-naeste/", lists.claim_next, name="claim_next"),
    path("arbejde/mine-sager/", lists.my_cases, name="my_cases"),
    path("arbejde/godkendelser/", lists.proposals, name="proposals"),
    path("arbejde/opgaver/", lists.tasks, name="tasks"),
    path("arbejde/team/", lists.team, name="team"),
    # Messages the outbox could not deliver, until someone has dealt with them.
    path("arbejde/beskeder/fejlede/", messages.failed_messages, name="failed_messages"),
    path(
        "arbejde/beskeder/<uuid:public_id>/haandteret/",
        messages.failed_message_resolve,
        name="failed_message_resolve",
    ),
    # Telefontider: the day's booked meetings, and how each went.
    path("arbejde/tider/", appointments.appointments_today, name="appointments"),
    path(
        "arbejde/tider/<uuid:public_id>/<slug:action>/",
        appointments.appointment_record,
        name="appointment_record",
    ),
    # Letters that went on paper, and each letter's PDF.
    path("arbejde/print/", printed.printed_letters, name="printed_letters"),
    path("arbejde/print/<uuid:public_id>/brev.pdf", printed.printed_letter, name="printed_letter"),
    # The front desk and phone: the citizen on one screen, and assisted self-service.
    path("arbejde/borgerservice/", desk.search, name="desk_search"),
    # The walk-in queue at the counter.
    path("arbejde/skranke/", counter.counter_overview, name="counter"),
    path("arbejde/skranke/<int:counter_id>/aabn/", counter.counter_open_view, name="counter_open"),
    path("arbejde/skranke/<int:counter_id>/luk/", counter.counter_close_view, name="counter_close"),
    path("arbejde/skranke/<int:counter_id>/kald-naeste/", counter.call_next, name="counter_call"),
    path(
        "arbejde/skranke/<int:counter_id>/nummer/<int:ticket_id>/<slug:action>/",
        counter.ticket_action,
        name="counter_ticket",
    ),
    path(_DESK, desk.citizen_overview, name="desk_citizen"),
    path(f"{_DESK}kontakt/", desk.contact_add, name="desk_contact_add"),
    path(f"{_DESK}dokument/", desk.document_add, name="desk_document_add"),
    path(f"{_DESK}fritagelse-digital-post/", desk.exemption_grant, name="desk_exemption"),
    path(f"{_DESK}ansoegning/", desk.application_start, name="desk_application_start"),
    path(
        f"{_DESK}kladder/<uuid:public_id>/fortsaet/",
        desk.draft_continue,
        name="desk_draft_continue",
    ),
    path(f"{_DESK}kladder/<uuid:public_id>/send/", desk.draft_summary, name="desk_draft_summary"),
    path(
        f"{_DESK}kladder/<uuid:public_id>/trin/<slug:step_id>/",
        desk.draft_step,
        name="desk_draft_step",
    ),
    # One case, and what can be done with it.
    path(_CASE, case.case_detail, name="case"),
    path(f"{_CASE}bilag/<int:attachment_id>/", case.attachment_download, name="attachment"),
    path(f"{_CASE}tag/", actions.claim, name="claim"),
    path(f"{_CASE}noter/", actions.note_add, name="note_add"),
    path(f"{_CASE}oplysninger/", actions.information_request_send, name="information_request"),
    path(f"{_CASE}partshoering/", actions.consultation_start, name="consultation_send"),
    path(
        f"{_CASE}partshoering/<int:consultation_id>/svar/",
        actions.consultation_response,
        name="consultation_response",
    ),
    path(
        f"{_CASE}partshoering/<int:consultation_id>/udloebet/",
        actions.consultation_lapsed,
        name="consultation_lapsed",
    ),
    path(f"{_CASE}partshoering/undlad/", actions.consultation_exception, name="consultation_waive"),
    path(f"{_CASE}afgoerelse/", deciding.decide, name="decide"),
    path(f"{_CASE}genvurdering/", deciding.review, name="review"),
    path(
        f"{_CASE}udkast/<int:proposal_id>/godkend/",
        actions.proposal_approve,
        name="proposal_approve",
    ),
    path(
        f"{_CASE}udkast/<int:proposal_id>/send-tilbage/",
        actions.proposal_return,
        name="proposal_return",
    ),
    path(f"{_CASE}videresend/", actions.forward, name="forward"),
    path(f"{_CASE}opgaver/<int:task_id>/loes/", actions.task_complete, name="task_complete"),
    path(f"{_CASE}luk/", actions.close, name="close"),
    path(f"{_CASE}tilbagetraek/", actions.withdraw, name="withdraw"),
    path(f"{_CASE}fordel/", actions.assign, name="assign"),
]
