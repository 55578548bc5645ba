"""Applications sent through the API, as a client would send them."""

from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient

LOST_CARD: dict[str, Any] = {
    "service": "sundhedskort",
    "answers": {"reason": "lost"},
    "decision_preference": "instant",
}
PASSPORT: dict[str, Any] = {
    "service": "pas",
    "answers": {"applicant_birth_date": "1980-05-01", "old_passport": "expired"},
    "decision_preference": "instant",
}


def apply(client: APIClient, body: dict[str, Any], *, key: str = "key-1", **headers: str) -> Any:
    """POST /api/v1/cases with an Idempotency-Key."""
    return client.post(
        "/api/v1/cases", body, format="json", headers={"Idempotency-Key": key, **headers}
    )


def decided_case_number(client: APIClient, *, key: str = "decided") -> str:
    """A lost health card: granted at once, so it can be contested."""
    response = apply(client, LOST_CARD, key=key)
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "decided"
    return str(response.json()["number"])


def referred_case_number(client: APIClient, *, key: str = "referred") -> str:
    """A lost health card the citizen wants a caseworker to look at: not decided yet."""
    response = apply(client, {**LOST_CARD, "decision_preference": "caseworker"}, key=key)
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "awaiting_caseworker"
    return str(response.json()["number"])
