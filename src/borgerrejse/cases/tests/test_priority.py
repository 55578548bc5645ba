import datetime as dt

import pytest

from borgerrejse.cases.priority import PriorityFacts, priority_for, priority_rules
from borgerrejse.catalog.selectors import service_definition, service_version_get
from borgerrejse.people.tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 3, 2)


def facts(slug, citizen, channel="web"):
    definition = service_definition(service_version_get(slug=slug, on=ON))
    return PriorityFacts(definition=definition, citizen=citizen, channel=channel, on=ON)


def test_stakes_vulnerability_and_self_service_add_up(published_catalogue):
    young = CitizenFactory(birth_date=dt.date(1990, 1, 1))
    exempt = CitizenFactory(exempt=True, birth_date=dt.date(1990, 1, 1))
    old = CitizenFactory(birth_date=dt.date(1940, 1, 1))

    assert priority_for(facts("sundhedskort", young)).reasons == ["self_service"]
    assert priority_for(facts("sundhedskort", young, "phone")).points == 0
    assert priority_for(facts("enkeltydelse", young)).reasons == ["high_stakes", "self_service"]
    assert priority_for(facts("begravelseshjaelp", exempt, "desk")).reasons == [
        "medium_stakes",
        "vulnerable_citizen",
    ]
    assert priority_for(facts("sundhedskort", old, "desk")).points == 20


def test_the_policy_is_configurable(published_catalogue, settings):
    settings.CASE_PRIORITY_POLICY = [
        {"id": "self_service", "points": 0},
        {"id": "high_stakes", "points": 50},
    ]
    citizen = CitizenFactory(birth_date=dt.date(1990, 1, 1))

    assert "self_service" not in [rule.id for rule in priority_rules()]
    assert priority_for(facts("enkeltydelse", citizen)).points == 50


def test_every_rule_can_be_explained_to_citizens():
    for rule in priority_rules():
        assert str(rule.description).endswith(".")
