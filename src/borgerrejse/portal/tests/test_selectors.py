import datetime as dt

import pytest
from django.utils import translation

from borgerrejse.catalog.schema import Channel, ChannelTerms, LifeSituation
from borgerrejse.portal.selectors import (
    CHANNEL_ICONS,
    CHANNELS,
    LIFE_SITUATIONS,
    _danish_sort_key,
    catalogue_overview,
    processing_time_text,
)
from borgerrejse.rules.definitions import AutomationPolicy

GRANT_ONLY = AutomationPolicy.GRANT_ONLY
NONE = AutomationPolicy.NONE


def test_every_life_situation_and_channel_has_a_name_and_an_icon():
    # A service in a group without a name would silently drop off the front page.
    assert set(LIFE_SITUATIONS) == set(LifeSituation)
    assert set(CHANNELS) == set(Channel)
    assert set(CHANNEL_ICONS) == set(Channel)


@pytest.mark.parametrize(
    ("channel", "terms", "automation", "danish", "english"),
    [
        (
            Channel.WEB,
            ChannelTerms(deadline_working_days=0),
            GRANT_ONLY,
            "Svar med det samme, når reglerne kan afgøre det",
            "An answer at once, when the rules can decide",
        ),
        (Channel.WEB, ChannelTerms(deadline_working_days=0), NONE, "Samme dag", "Same day"),
        (Channel.PHONE, ChannelTerms(deadline_working_days=0), GRANT_ONLY, "Samme dag", "Same day"),
        (
            Channel.DESK,
            ChannelTerms(deadline_working_days=0, attendance_required=True),
            GRANT_ONLY,
            "Ved fremmøde",
            "When you visit",
        ),
        (
            Channel.PHONE,
            ChannelTerms(deadline_working_days=5),
            GRANT_ONLY,
            "Op til 5 arbejdsdage",
            "Up to 5 working days",
        ),
        (
            Channel.LETTER,
            ChannelTerms(deadline_working_days=1),
            NONE,
            "Op til 1 arbejdsdag",
            "Up to 1 working day",
        ),
        (
            Channel.WEB,
            ChannelTerms(deadline_working_days=10, booking_only=True),
            NONE,
            "Book tid online",
            "Book a time online",
        ),
    ],
)
def test_processing_time_text(channel, terms, automation, danish, english):
    with translation.override("da"):
        assert processing_time_text(channel=channel, terms=terms, automation=automation) == danish
    with translation.override("en"):
        assert processing_time_text(channel=channel, terms=terms, automation=automation) == english


def test_overview_groups_every_current_service_in_the_fixed_group_order(
    published_catalogue, django_assert_num_queries
):
    with translation.override("da"), django_assert_num_queries(1):
        groups = catalogue_overview(on=dt.date(2026, 11, 23), language="da")

    listed = {service.slug: group.situation for group in groups for service in group.services}
    assert listed == {d.slug: d.life_situation for d in published_catalogue}
    order = list(LIFE_SITUATIONS)
    assert [group.situation for group in groups] == sorted(
        (group.situation for group in groups), key=order.index
    )


def test_overview_uses_the_language_asked_for(published_catalogue):
    with translation.override("en"):
        groups = catalogue_overview(on=dt.date(2026, 11, 23), language="en")

    titles = {service.title for group in groups for service in group.services}
    assert titles == {d.title.en for d in published_catalogue}


def test_titles_sort_the_danish_way():
    assert sorted(["Åbent", "Ældre", "Zebra", "Ønske", "abe"], key=_danish_sort_key) == [
        "abe",
        "Zebra",
        "Ældre",
        "Ønske",
        "Åbent",
    ]


def test_overview_before_any_service_is_valid_is_empty(published_catalogue):
    assert catalogue_overview(on=dt.date(1990, 1, 1), language="da") == []
