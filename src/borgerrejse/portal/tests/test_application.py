"""The online application: steps, validation, conditional questions, drafts, attachments,
the summary and submission."""

from __future__ import annotations

import re

import pytest

from borgerrejse.cases.models import Case, DecisionPreference, Status
from borgerrejse.cases.services import Actor, case_draft_save
from borgerrejse.catalog.answers import UNKNOWN_ANSWER
from borgerrejse.catalog.documents import read_definition
from borgerrejse.catalog.tests.fixtures import service_files
from borgerrejse.portal.application import ATTACHMENTS, SUMMARY
from borgerrejse.portal.tests.journey import (
    FUNERAL_DECEASED,
    FUNERAL_ESTATE_UNKNOWN,
    FUNERAL_EXPENSES,
    LOST_CARD,
    PDF,
    apply_for_funeral_assistance,
    apply_for_lost_health_card,
    case_of,
    next_step,
    public_id,
    start,
    submit,
    text,
    upload,
)


def draft_of(url: str) -> Case:
    return Case.objects.get(public_id=public_id(url))


# Starting


def test_applying_needs_a_login(client, published_catalogue):
    response = client.get("/ydelser/sundhedskort/ansoeg/")

    assert response.status_code == 302
    assert response["Location"] == "/log-ind/?next=%2Fydelser%2Fsundhedskort%2Fansoeg%2F"


def test_the_start_page_says_what_it_takes_and_post_starts_a_draft(anne_client, anne):
    page = text(anne_client.get("/ydelser/begravelseshjaelp/ansoeg/"))
    assert "Før du går i gang" in page
    assert "Regning for begravelsen" in page
    assert "Ansøgningen har 5 trin." in page

    first = start(anne_client, "begravelseshjaelp")

    draft = draft_of(first)
    assert first == f"/ansoegning/{draft.public_id}/deceased/"
    assert draft.citizen == anne
    assert draft.status == Status.DRAFT
    assert draft.intake_channel == "web"


def test_the_start_page_offers_to_continue_a_draft(anne_client):
    first = start(anne_client, "sundhedskort")

    page = text(anne_client.get("/ydelser/sundhedskort/ansoeg/"))

    assert "Du er allerede i gang" in page
    assert f"/ansoegning/{public_id(first)}/" in page
    assert "Start en ny ansøgning" in page


@pytest.mark.parametrize("slug", ["pas", "fritagelse-digital-post"])
def test_a_service_without_online_application_cannot_be_started(anne_client, slug):
    response = anne_client.post(f"/ydelser/{slug}/ansoeg/")

    assert response.status_code == 302
    assert response["Location"] == f"/ydelser/{slug}/"
    assert not Case.objects.exists()


def test_an_unknown_service_is_404(anne_client):
    assert anne_client.get("/ydelser/findes-ikke/ansoeg/").status_code == 404


# A step


def test_a_step_has_the_step_indicator_and_its_questions(anne_client):
    first = start(anne_client, "begravelseshjaelp")

    page = text(anne_client.get(first))

    assert '<ol class="step-indicator">' in page
    assert re.search(
        r'<li class="current">\s*<a class="step" href="[^"]+/deceased/" aria-current="step">', page
    )
    # Later steps cannot be opened before this one is done.
    assert re.search(r'<li class="disabled">\s*<div class="step">', page)
    assert "Trin 1 af 5" in page
    assert "<h1>Om den afdøde</h1>" in page
    assert 'class="form-hint" id="field-deceased_birth_date-hint"' in page
    assert "Skriv datoen som dd-mm-åååå." in page
    assert 'name="_action" value="next"' in page
    assert "Gem og fortsæt senere" in page


def test_empty_required_answers_give_the_error_summary_and_field_errors(anne_client):
    first = start(anne_client, "begravelseshjaelp")

    response = anne_client.post(
        first,
        {
            "_action": "next",
            "_shown": "deceased_birth_date date_of_death",
            "date_of_death": "31-02-2026",
        },
    )

    page = text(response)
    assert response.status_code == 200
    assert "<title>Fejl: Om den afdøde" in page
    summary = page[page.index('data-module="error-summary"') :]
    summary = summary[: summary.index("</div>\n</div>")]
    assert (
        '<a href="#field-deceased_birth_date" class="function-link">'
        "Du skal svare på »Hvornår blev afdøde født?«</a>" in summary
    )
    assert (
        '<a href="#field-date_of_death" class="function-link">'
        "Datoen findes ikke. Tjek dag og måned.</a>" in summary
    )
    # The summary sits under the h1 and can take focus.
    assert page.index("<h1>") < page.index('data-module="error-summary"')
    assert 'tabindex="-1"' in summary or 'tabindex="-1"' in page
    # Each field says what is wrong, and is marked for screen readers.
    assert re.search(
        r'id="field-date_of_death" name="date_of_death" value="31-02-2026"[^>]*aria-invalid="true" '
        r'aria-describedby="field-date_of_death-hint field-date_of_death-error"',
        page,
    )
    assert '<span class="form-error-message" id="field-date_of_death-error">' in page
    assert '<span class="sr-only">Fejl: </span>' in page
    # What the citizen typed is shown again.
    assert 'value="31-02-2026"' in page


def test_a_correct_step_is_saved_and_leads_to_the_next(anne_client):
    first = start(anne_client, "begravelseshjaelp")

    following = next_step(anne_client, first, FUNERAL_DECEASED)

    draft = draft_of(first)
    assert following == f"/ansoegning/{draft.public_id}/estate/"
    assert draft.answers == {"deceased_birth_date": "1950-05-01", "date_of_death": "2026-02-01"}
    assert draft.current_step == "estate"


def test_a_step_with_errors_keeps_the_right_answers(anne_client):
    first = start(anne_client, "begravelseshjaelp")

    anne_client.post(
        first,
        {
            "_action": "next",
            "_shown": "deceased_birth_date date_of_death",
            "deceased_birth_date": "01-05-1950",
            "date_of_death": "i går",
        },
    )

    assert draft_of(first).answers == {"deceased_birth_date": "1950-05-01"}


def test_a_later_step_cannot_be_opened_before_the_earlier_ones_are_done(anne_client):
    first = start(anne_client, "begravelseshjaelp")
    draft = public_id(first)

    for later in ("expenses/", "bilag/", "opsummering/"):
        response = anne_client.get(f"/ansoegning/{draft}/{later}")
        assert response.status_code == 302
        assert response["Location"] == first


def test_an_unknown_step_is_404(anne_client):
    draft = public_id(start(anne_client, "sundhedskort"))

    assert anne_client.get(f"/ansoegning/{draft}/findes_ikke/").status_code == 404


# Conditional questions


def test_a_follow_up_question_appears_after_next_without_javascript(anne_client):
    first = start(anne_client, "sundhedskort")
    page = text(anne_client.get(first))
    # The follow-up question is on the page for the script, but hidden until asked.
    assert re.search(
        r'id="question-card_issued_on" hidden '
        r'data-show-if-field="reason" data-show-if-values="damaged"',
        page,
    )
    assert '<input type="hidden" name="_shown" value="reason">' in page

    response = anne_client.post(first, {"_action": "next", "_shown": "reason", "reason": "damaged"})

    page = text(response)
    assert response.status_code == 200
    assert "Dit svar betyder, at vi har et spørgsmål mere til dig." in page
    assert 'id="question-card_issued_on" data-show-if-field' in page
    assert "Hvornår fik du kortet?" in page
    assert "error-summary" not in page  # the new question is not an error yet
    assert '<input type="hidden" name="_shown" value="reason card_issued_on">' in page
    assert draft_of(first).answers == {"reason": "damaged"}

    following = next_step(
        anne_client,
        first,
        {"reason": "damaged", "card_issued_on": "01-01-2020"},
        shown="reason card_issued_on",
    )
    assert following.endswith("/opsummering/")
    assert draft_of(first).answers == {"reason": "damaged", "card_issued_on": "2020-01-01"}


def test_a_follow_up_question_answered_with_the_script_goes_straight_on(anne_client):
    first = start(anne_client, "sundhedskort")

    following = next_step(
        anne_client,
        first,
        {"reason": "damaged", "card_issued_on": "01-01-2020"},
        shown="reason card_issued_on",
    )

    assert following.endswith("/opsummering/")


def test_changing_an_answer_removes_the_answers_it_no_longer_asks_for(anne_client):
    first = start(anne_client, "sundhedskort")
    next_step(
        anne_client,
        first,
        {"reason": "damaged", "card_issued_on": "01-01-2020"},
        shown="reason card_issued_on",
    )

    next_step(anne_client, first, LOST_CARD, shown="reason card_issued_on")

    assert draft_of(first).answers == {"reason": "lost"}


def test_a_step_hidden_by_earlier_answers_is_skipped(anne_client):
    first = start(anne_client, "begravelseshjaelp")

    # A child's funeral: the estate does not count, so its step is not asked.
    following = next_step(
        anne_client, first, {"deceased_birth_date": "01-05-2015", "date_of_death": "01-02-2026"}
    )

    assert following.endswith("/expenses/")
    page = text(anne_client.get(following))
    assert "Trin 2 af 4" in page
    assert "Afdødes formue" not in page


def test_ved_ikke_beside_an_amount_is_stored_as_unknown(anne_client):
    first = start(anne_client, "begravelseshjaelp")
    estate = next_step(anne_client, first, FUNERAL_DECEASED)
    page = text(anne_client.get(estate))
    assert 'name="_known_estate_wealth_dkk" value="unknown"' in page
    assert "Jeg kender beløbet" in page
    assert '<div class="form-input-suffix" aria-hidden="true">kr.</div>' in page

    next_step(
        anne_client,
        estate,
        FUNERAL_ESTATE_UNKNOWN,
        shown="has_spouse_or_children_under_18 estate_wealth_dkk",
    )

    draft = draft_of(first)
    assert draft.answers["estate_wealth_dkk"] == UNKNOWN_ANSWER
    assert draft.answers["has_spouse_or_children_under_18"] is False
    # Back on the step, "Ved ikke" is chosen again.
    page = text(anne_client.get(estate))
    assert re.search(
        r'id="field-estate_wealth_dkk-unknown" '
        r'name="_known_estate_wealth_dkk" value="unknown" checked',
        page,
    )


def test_a_typed_amount_counts_as_known_when_shown_again(anne_client):
    first = start(anne_client, "begravelseshjaelp")
    estate = next_step(anne_client, first, FUNERAL_DECEASED)

    response = anne_client.post(
        estate,
        {
            "_action": "next",
            "_shown": "has_spouse_or_children_under_18 estate_wealth_dkk",
            "estate_wealth_dkk": "mange penge",
        },
    )

    page = text(response)
    assert "Skriv beløbet i kroner, fx 12.950 eller 12.950,50" in page
    assert re.search(r'id="field-estate_wealth_dkk-known" [^>]*value="known" checked', page)
    assert 'value="mange penge"' in page


def test_boolean_questions_are_ja_nej_radio_buttons_in_a_fieldset(anne_client):
    first = start(anne_client, "begravelseshjaelp")
    estate = next_step(anne_client, first, FUNERAL_DECEASED)

    page = text(anne_client.get(estate))

    question = page[page.index('id="question-has_spouse_or_children_under_18"') :]
    question = question[: question.index("</fieldset>")]
    assert "<legend" in question
    assert (
        'type="radio" class="form-radio" id="field-has_spouse_or_children_under_18" '
        'name="has_spouse_or_children_under_18" value="true"' in question
    )
    assert ">Ja</label>" in question
    assert ">Nej</label>" in question


# Saving for later and resuming


def test_save_for_later_keeps_the_answers_and_goes_to_my_page(anne_client):
    first = start(anne_client, "begravelseshjaelp")

    response = anne_client.post(
        first,
        {
            "_action": "save",
            "_shown": "deceased_birth_date date_of_death",
            "deceased_birth_date": "01-05-1950",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == "/min-side/"
    draft = draft_of(first)
    assert draft.answers == {"deceased_birth_date": "1950-05-01"}
    assert draft.current_step == "deceased"
    page = text(anne_client.get("/min-side/"))
    assert "Vi har gemt din ansøgning." in page
    assert f'href="/ansoegning/{draft.public_id}/deceased/"' in page


def test_save_for_later_with_a_wrong_answer_shows_it(anne_client):
    first = start(anne_client, "begravelseshjaelp")

    response = anne_client.post(
        first,
        {
            "_action": "save",
            "_shown": "deceased_birth_date date_of_death",
            "deceased_birth_date": "05/01/1950",
        },
    )

    page = text(response)
    assert response.status_code == 200
    assert "Vi har gemt de svar, der er i orden." in page
    assert "Skriv datoen som dd-mm-åååå, fx 05-03-2025" in page
    # An empty answer is no error when saving for later.
    assert "Du skal svare på »Hvornår døde afdøde?«" not in page


def test_a_saved_draft_resumes_where_the_citizen_left(anne_client):
    first = start(anne_client, "begravelseshjaelp")
    estate = next_step(anne_client, first, FUNERAL_DECEASED)

    response = anne_client.get(f"/ansoegning/{public_id(first)}/")

    assert response.status_code == 302
    assert response["Location"] == estate
    page = text(anne_client.get(first))
    assert 'value="01-05-1950"' in page


def test_a_draft_begun_at_the_desk_and_finished_online_shows_the_switch(anne_client, anne):
    from django.utils import timezone

    from borgerrejse.cases.models import ActorKind, Channel
    from borgerrejse.cases.services import case_draft_start
    from borgerrejse.catalog.selectors import service_version_get

    desk = Actor(ActorKind.STAFF, "Lone Borgerservice")
    version = service_version_get(slug="begravelseshjaelp", on=timezone.localdate())
    draft = case_draft_start(
        citizen=anne, service_version=version, channel=Channel.DESK, actor=desk
    )
    first = anne_client.get(f"/ansoegning/{draft.public_id}/")["Location"]

    next_step(anne_client, first, FUNERAL_DECEASED)
    next_step(anne_client, first, FUNERAL_DECEASED)  # a second save on the web is no switch

    kinds = list(draft.timeline.values_list("kind", "channel"))
    assert kinds[0] == ("started", "desk")
    assert kinds.count(("channel_switched", "web")) == 1
    assert draft.timeline.get(kind="channel_switched").data["from"] == "desk"


# Attachments


def _to_attachments(client) -> str:
    url = start(client, "begravelseshjaelp")
    url = next_step(client, url, FUNERAL_DECEASED)
    url = next_step(
        client,
        url,
        FUNERAL_ESTATE_UNKNOWN,
        shown="has_spouse_or_children_under_18 estate_wealth_dkk",
    )
    return next_step(client, url, FUNERAL_EXPENSES)


def test_the_attachments_step_says_what_files_it_takes(anne_client):
    url = _to_attachments(anne_client)
    assert url.endswith("/bilag/")

    page = text(anne_client.get(url))

    assert "<h1>Bilag</h1>" in page
    assert "Regning for begravelsen" in page
    assert "Filen skal være PDF, JPG, PNG. Den må højst fylde 10 MB." in page
    assert 'type="file"' in page
    assert 'accept=".pdf,.jpg,.png"' in page


def test_a_refused_upload_is_explained_on_the_field_and_nothing_is_lost(anne_client):
    url = _to_attachments(anne_client)
    draft = draft_of(url)
    answers = dict(draft.answers)

    response = upload(anne_client, str(draft.public_id), "funeral_invoice", "regning.exe", b"MZ...")

    page = text(response)
    assert response.status_code == 200
    assert (
        '<a href="#attachment-funeral_invoice" class="function-link">'
        "Filen skal være af typen PDF, JPG, PNG. Din fil er af typen »exe«.</a>" in page
    )
    assert re.search(r'id="attachment-funeral_invoice"[^>]*aria-invalid="true"', page)
    draft.refresh_from_db()
    assert draft.answers == answers
    assert draft.status == Status.DRAFT
    assert not draft.attachments.exists()


def test_a_fake_pdf_is_refused(anne_client):
    draft = draft_of(_to_attachments(anne_client))

    page = text(
        upload(anne_client, str(draft.public_id), "funeral_invoice", "regning.pdf", b"not a pdf")
    )

    assert "Filen er ikke en rigtig PDF-fil." in page


def test_an_upload_without_a_file_asks_for_one(anne_client):
    url = _to_attachments(anne_client)

    page = text(anne_client.post(url, {"_action": "upload", "slot": "funeral_invoice"}))

    assert "Vælg en fil, og tryk så på »Vedhæft fil«." in page


def test_an_upload_is_stored_listed_and_can_be_removed(anne_client):
    url = _to_attachments(anne_client)
    draft = draft_of(url)

    response = upload(anne_client, str(draft.public_id), "funeral_invoice", "regning.pdf", PDF)

    assert response.status_code == 302
    page = text(anne_client.get(url))
    assert "Vi har gemt filen »regning.pdf«." in page
    assert "regning.pdf" in page
    attachment = draft.attachments.get()
    remove = f"/ansoegning/{draft.public_id}/bilag/{attachment.pk}/fjern/"
    assert f'action="{remove}"' in page

    assert anne_client.get(remove).status_code == 405
    response = anne_client.post(remove)

    assert response.status_code == 302
    assert not draft.attachments.exists()
    assert "Vi har fjernet filen »regning.pdf«." in text(anne_client.get(url))


def test_required_attachments_must_be_there_before_the_summary(anne_client):
    url = _to_attachments(anne_client)

    response = anne_client.post(url, {"_action": "next"})

    page = text(response)
    assert response.status_code == 200
    assert "Vedhæft »Regning for begravelsen«, før du går videre." in page
    summary = f"/ansoegning/{public_id(url)}/opsummering/"
    assert anne_client.get(summary)["Location"] == url


# Summary and submission


def test_the_summary_lists_every_answer_with_a_link_to_change_it(anne_client):
    summary = apply_for_funeral_assistance(anne_client)
    draft = draft_of(summary)

    page = text(anne_client.get(summary))

    assert "<h1>Tjek dine svar, og send ansøgningen</h1>" in page
    assert "<dt>Hvornår blev afdøde født?</dt><dd>1. maj 1950</dd>" in page
    assert "<dt>Hvor stor var afdødes formue på dødsdagen?</dt><dd>Ved ikke</dd>" in page
    assert "<dd>Nej</dd>" in page
    assert "<dd>20.000 kr.</dd>" in page
    assert "regning.pdf" in page
    for step in ("deceased", "estate", "expenses"):
        assert f'href="/ansoegning/{draft.public_id}/{step}/" class="function-link">' in page
    assert f'href="/ansoegning/{draft.public_id}/bilag/" class="function-link">' in page
    assert draft.current_step == SUMMARY


def test_ret_on_the_summary_leads_back_to_the_summary(anne_client):
    summary = apply_for_funeral_assistance(anne_client)
    draft = draft_of(summary)
    deceased = f"/ansoegning/{draft.public_id}/deceased/"

    following = next_step(
        anne_client, deceased, {**FUNERAL_DECEASED, "date_of_death": "02-02-2026"}
    )

    assert following == summary
    assert draft_of(summary).answers["date_of_death"] == "2026-02-02"


def test_ret_that_brings_back_a_question_leads_to_it(anne_client):
    summary = apply_for_funeral_assistance(anne_client)
    draft = draft_of(summary)
    deceased = f"/ansoegning/{draft.public_id}/deceased/"
    # A child's funeral: the estate step goes away, and nothing else is missing.
    child = {"deceased_birth_date": "01-05-2015", "date_of_death": "01-02-2026"}
    assert next_step(anne_client, deceased, child) == summary
    assert "estate_wealth_dkk" not in draft_of(summary).answers

    # An adult after all: the estate questions are back, and unanswered.
    following = next_step(anne_client, deceased, FUNERAL_DECEASED)

    assert following == f"/ansoegning/{draft.public_id}/estate/"


def test_the_choice_of_who_decides_is_required_and_not_preselected(anne_client):
    summary = apply_for_lost_health_card(anne_client)
    page = text(anne_client.get(summary))
    assert "Afgør det med det samme, hvis det kan lade sig gøre" in page
    assert "Jeg vil have, at en sagsbehandler ser på det" in page
    assert not re.search(r'name="decision_preference" value="\w+" checked', page)

    response = anne_client.post(summary, {"_action": "submit"})

    page = text(response)
    assert response.status_code == 200
    assert '<a href="#field-decision_preference" class="function-link">' in page
    assert draft_of(summary).status == Status.DRAFT


def test_an_instant_decision_shows_at_once(anne_client):
    summary = apply_for_lost_health_card(anne_client)

    landing = submit(anne_client, summary, DecisionPreference.INSTANT)

    case = case_of(landing)
    decision = case.decisions.get()
    assert landing == f"/sager/{case.number}/afgoerelse/{decision.pk}/"
    assert case.status == Status.DECIDED
    assert case.decision_preference == DecisionPreference.INSTANT
    page = text(anne_client.get(landing))
    assert "Du skal betale et gebyr på 225 kr." in page
    assert "Dit kort er væk. Et nyt kort koster 225 kr." in page


def test_asking_for_a_caseworker_gives_a_receipt(anne_client):
    summary = apply_for_lost_health_card(anne_client)

    landing = submit(anne_client, summary, DecisionPreference.CASEWORKER)

    case = case_of(landing)
    assert landing == f"/sager/{case.number}/kvittering/"
    assert case.status == Status.AWAITING_CASEWORKER
    assert not case.decisions.exists()


def test_ved_ikke_refers_the_funeral_case_to_a_caseworker(anne_client):
    summary = apply_for_funeral_assistance(anne_client)

    landing = submit(anne_client, summary, DecisionPreference.INSTANT)

    case = case_of(landing)
    assert landing.endswith("/kvittering/")
    assert case.status == Status.AWAITING_CASEWORKER
    assert case.attachments.count() == 1
    page = text(anne_client.get(landing))
    assert "Ydelse og Jobcenter" in page


ENKELTYDELSE = {
    "purpose": "Et nyt køleskab",
    "amount_applied": "4000",
    "change_in_circumstances": "Jeg har mistet mit job",
    "why_unforeseen": "Det gamle gik i stykker",
    "how_it_helps": "Jeg kan holde maden kold",
    "household": "single",
    "monthly_income": "9000",
    "savings": "0",
}


def test_where_automation_is_off_a_caseworker_decides_and_there_is_no_choice(anne_client):
    url = start(anne_client, "enkeltydelse")
    draft = draft_of(url)
    case_draft_save(
        case=draft,
        answers=ENKELTYDELSE,
        current_step=SUMMARY,
        actor=Actor.for_citizen(draft.citizen),
        channel="web",
    )
    summary = f"/ansoegning/{draft.public_id}/opsummering/"

    response = anne_client.get(summary)

    page = text(response)
    assert response.status_code == 200
    assert 'name="decision_preference"' not in page
    assert "En sagsbehandler fra Ydelse og Jobcenter læser din ansøgning og afgør sagen." in page
    landing = submit(anne_client, summary, "")
    case = case_of(landing)
    assert case.decision_preference == DecisionPreference.CASEWORKER
    assert case.status == Status.AWAITING_CASEWORKER


def test_a_double_submit_gives_one_case(anne_client):
    summary = apply_for_lost_health_card(anne_client)

    first = submit(anne_client, summary)
    second = submit(anne_client, summary)

    assert first == second
    assert Case.objects.exclude(status=Status.DRAFT).count() == 1
    # The back button to a step of the sent application also leads to the case.
    response = anne_client.get(summary.replace("opsummering", "reason"))
    assert response["Location"] == first


# English


def test_the_form_in_english(anne_client, portal_english):
    first = start(anne_client, "sundhedskort")
    english = first.replace("/ansoegning/", "/en/ansoegning/")

    page = text(anne_client.get(english))

    assert '<html lang="en">' in page
    assert "<h1>Why do you need a new card?</h1>" in page
    assert "Step 1 of 2" in page
    assert "Save and continue later" in page

    response = anne_client.post(english, {"_action": "next", "_shown": "reason"})
    page = text(response)
    assert "There are errors in your answers" in page
    assert (
        "Choose an answer to “Why do you need a new card?”" in page
        or "Why do you need a new card?" in page
    )


def test_no_service_uses_a_step_id_the_portal_uses_itself():
    for path in service_files():
        steps = {step.id for step in read_definition(path).form.steps}
        assert not steps & {"bilag", "opsummering", ATTACHMENTS, SUMMARY}, path.name
