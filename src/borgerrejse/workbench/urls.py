from django.urls import path

from borgerrejse.workbench.views import actions, case, deciding, lists, messages, printed

app_name = "workbench"

_CASE = "arbejde/sager/<str:number>/"

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
    # Letters that went on paper, and each letter's PDF.
    path("arbejde/print/", printed.printed_letters, name="printed_letters"),
    path("arbejde/print/<uuid:public_id>/brev.pdf", printed.printed_letter, name="printed_letter"),
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
