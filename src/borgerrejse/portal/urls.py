from django.urls import path

from borgerrejse.portal.views import (
    application,
    attachments,
    booking,
    cases,
    catalogue,
    contacts,
    digital_post,
    information,
    messages,
    submission,
    walkin,
)

app_name = "portal"
urlpatterns = [
    path("", catalogue.home, name="home"),
    # The walk-in queue: the kiosk, a ticket, and the display in the waiting area.
    path("kiosk/", walkin.kiosk, name="walkin_kiosk"),
    path("kiosk/billet/<uuid:public_id>/", walkin.ticket, name="walkin_ticket"),
    path("skaerm/", walkin.display, name="walkin_display"),
    path("tilgaengelighed/", catalogue.accessibility_statement, name="accessibility"),
    # A service, and applying for it online.
    path("ydelser/<slug:slug>/", catalogue.service, name="service"),
    path("ydelser/<slug:slug>/ansoeg/", application.application_start, name="application_start"),
    # Booking a meeting, and the citizen's own meetings.
    path("ydelser/<slug:slug>/book-tid/", booking.booking_kind, name="booking_kind"),
    path("ydelser/<slug:slug>/book-tid/<str:kind>/", booking.booking_slots, name="booking_slots"),
    path(
        "ydelser/<slug:slug>/book-tid/<str:kind>/bekraeft/",
        booking.booking_confirm,
        name="booking_confirm",
    ),
    path("min-side/tider/<uuid:public_id>/", booking.appointment_detail, name="appointment"),
    path(
        "min-side/tider/<uuid:public_id>/flyt/",
        booking.appointment_reschedule_slots,
        name="appointment_reschedule",
    ),
    path(
        "min-side/tider/<uuid:public_id>/flyt/bekraeft/",
        booking.appointment_reschedule_confirm,
        name="appointment_reschedule_confirm",
    ),
    path(
        "min-side/tider/<uuid:public_id>/aflys/",
        booking.appointment_cancel_view,
        name="appointment_cancel",
    ),
    # A draft application: its steps, attachments and summary. The portal's own two pages
    # come before the form's steps; a meta test checks no service names a step like them.
    path("ansoegning/<uuid:public_id>/", application.draft_resume, name="draft_resume"),
    path(
        "ansoegning/<uuid:public_id>/bilag/",
        attachments.draft_attachments,
        name="draft_attachments",
    ),
    path(
        "ansoegning/<uuid:public_id>/bilag/<int:attachment_id>/fjern/",
        attachments.draft_attachment_remove,
        name="draft_attachment_remove",
    ),
    path(
        "ansoegning/<uuid:public_id>/opsummering/",
        submission.draft_summary,
        name="draft_summary",
    ),
    path(
        "ansoegning/<uuid:public_id>/<slug:step_id>/",
        application.draft_step,
        name="draft_step",
    ),
    # Cases after submission.
    path("min-side/", cases.my_page, name="my_page"),
    path("min-side/beskeder/", messages.my_messages, name="messages"),
    path("min-side/kontakter/", contacts.contacts_to_rate, name="contacts_rate"),
    path(
        "min-side/kontakter/<int:contact_id>/bedoem/",
        contacts.contact_rating,
        name="contact_rating",
    ),
    # The local Digital Post's mailbox; 404 while Digital Post is the real one.
    path("digital-post/", digital_post.mailbox, name="digital_post"),
    path(
        "digital-post/<uuid:message_uuid>/",
        digital_post.message_detail,
        name="digital_post_message",
    ),
    path(
        "digital-post/<uuid:message_uuid>/brev.pdf",
        digital_post.message_pdf,
        name="digital_post_pdf",
    ),
    path("sager/<str:number>/", cases.case_detail, name="case"),
    path("sager/<str:number>/kvittering/", cases.receipt, name="receipt"),
    path(
        "sager/<str:number>/afgoerelse/<int:decision_id>/",
        cases.decision_detail,
        name="decision",
    ),
    path(
        "sager/<str:number>/afgoerelse/<int:decision_id>/brev.pdf",
        cases.decision_letter,
        name="decision_letter",
    ),
    path("sager/<str:number>/klag/", cases.contest, name="contest"),
    path(
        "sager/<str:number>/oplysninger/<int:request_id>/svar/",
        information.information_answer_form,
        name="information_answer",
    ),
]
