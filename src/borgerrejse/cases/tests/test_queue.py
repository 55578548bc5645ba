"""The queue's reads take a fixed number of queries, however many cases there are.

`benchmarks/queue.py` measures the time on a million cases; these tests make sure the
number of queries behind a queue page cannot creep up with the number of rows.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from borgerrejse.cases.models import DecisionPreference
from borgerrejse.cases.selectors import QueueFilter, queue_cases, queue_counts, workload
from borgerrejse.cases.services import case_claim_next
from borgerrejse.cases.tests.factories import submitted_case
from borgerrejse.people.tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db
DEPARTMENTS = ["ydelse"]
SERVICES = ["begravelseshjaelp", "enkeltydelse"]
PAGE = 25


def referred(slug: str) -> None:
    submitted_case(CitizenFactory(), slug, {}, preference=DecisionPreference.CASEWORKER)


def more_cases(count: int) -> None:
    for number in range(count):
        referred(SERVICES[number % 2])


def queue_page_queries() -> int:
    """A queue page as the workbench and the API read it: the rows with what each row
    shows, the counts by status, and the team's workload."""
    today = timezone.localdate()
    with CaptureQueriesContext(connection) as captured:
        rows = list(
            queue_cases(
                departments=DEPARTMENTS, services=SERVICES, filters=QueueFilter(), today=today
            )[:PAGE]
        )
        for case in rows:
            assert case.citizen.full_name
            assert case.service_version.slug == case.service_slug
        queue_counts(departments=DEPARTMENTS, services=SERVICES)
        workload(departments=DEPARTMENTS, today=today)
    return len(captured)


def test_the_queue_selector_takes_the_same_queries_for_one_case_and_many(published_catalogue):
    referred("enkeltydelse")
    one = queue_page_queries()

    more_cases(2 * PAGE)

    assert queue_page_queries() == one == 3


def test_take_next_takes_the_same_queries_for_one_case_and_many(published_catalogue):
    user = get_user_model().objects.create_user("mette")

    def claim_queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert case_claim_next(user=user, departments=DEPARTMENTS, services=SERVICES)
        return len(captured)

    referred("enkeltydelse")
    one = claim_queries()
    more_cases(2 * PAGE)

    assert claim_queries() == one


def test_the_workbench_queue_page_takes_the_same_queries_for_one_case_and_many(
    published_catalogue,
):
    try:
        url = reverse("workbench:queue")
    except NoReverseMatch:
        pytest.skip("the workbench has no queue page")
    from borgerrejse.staff.tests.logins import staff_create, staff_force_login

    member = staff_create(roles=["caseworker"], departments=DEPARTMENTS, skills=SERVICES)
    client = Client()
    staff_force_login(client, member)

    def page_queries(query: str = "") -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url + query).status_code == 200
        return len(captured)

    referred("enkeltydelse")
    one = page_queries()
    more_cases(2 * PAGE)

    assert page_queries() == one
    assert page_queries("?page=2") == one
