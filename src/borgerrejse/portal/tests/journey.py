"""Helpers that walk through the online application as a browser would."""

from __future__ import annotations

import html
import re
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from borgerrejse.cases.models import Case

# The smallest file that passes the PDF check: it starts as a PDF does.
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

LOST_CARD = {"reason": "lost"}
FUNERAL_DECEASED = {"deceased_birth_date": "01-05-1950", "date_of_death": "01-02-2026"}
FUNERAL_ESTATE_UNKNOWN = {
    "has_spouse_or_children_under_18": "false",
    "_known_estate_wealth_dkk": "unknown",
}
FUNERAL_EXPENSES = {"funeral_expenses_dkk": "20.000"}


def text(response: Any) -> str:
    """The response as text, with entities decoded, for assertions on what a reader sees."""
    return html.unescape(response.content.decode())


def start(client: Client, slug: str) -> str:
    """Start an application; returns the address of its first step."""
    response = client.post(f"/ydelser/{slug}/ansoeg/")
    assert response.status_code == 302, response
    return str(response["Location"])


def public_id(url: str) -> str:
    match = re.search(r"/ansoegning/([0-9a-f-]{36})/", url)
    assert match, url
    return match.group(1)


def next_step(client: Client, url: str, answers: dict[str, str], *, shown: str = "") -> str:
    """Answer a step and press "Næste"; returns where the portal sent the citizen."""
    data = {
        "_action": "next",
        "_shown": shown or " ".join(k for k in answers if not k.startswith("_")),
        **answers,
    }
    response = client.post(url, data)
    assert response.status_code == 302, text(response)[-3000:]
    return str(response["Location"])


def upload(client: Client, draft: str, slot: str, name: str, content: bytes) -> Any:
    return client.post(
        f"/ansoegning/{draft}/bilag/",
        {"_action": "upload", "slot": slot, "file": SimpleUploadedFile(name, content)},
    )


def apply_for_lost_health_card(client: Client) -> str:
    """Fill in the health card form up to the summary; returns the summary's address."""
    first = start(client, "sundhedskort")
    return next_step(client, first, LOST_CARD)


def apply_for_funeral_assistance(client: Client) -> str:
    """Fill in the funeral form with "Ved ikke" for the estate, upload the bill; returns
    the summary's address."""
    url = start(client, "begravelseshjaelp")
    url = next_step(client, url, FUNERAL_DECEASED)
    url = next_step(
        client,
        url,
        FUNERAL_ESTATE_UNKNOWN,
        shown="has_spouse_or_children_under_18 estate_wealth_dkk",
    )
    url = next_step(client, url, FUNERAL_EXPENSES)
    assert url.endswith("/bilag/"), url
    draft = public_id(url)
    assert upload(client, draft, "funeral_invoice", "regning.pdf", PDF).status_code == 302
    response = client.post(url, {"_action": "next"})
    assert response.status_code == 302
    return str(response["Location"])


def submit(client: Client, summary: str, preference: str = "instant") -> str:
    response = client.post(summary, {"_action": "submit", "decision_preference": preference})
    assert response.status_code == 302, text(response)[-3000:]
    return str(response["Location"])


def case_of(url: str) -> Case:
    number = re.search(r"/sager/([^/]+)/", url)
    assert number, url
    return Case.objects.get(number=number.group(1))
