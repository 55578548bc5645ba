"""The wait-time estimator: Erlang C against textbook values, and the queue-length
predictor on live queue states."""

from __future__ import annotations

import pytest

from borgerrejse.appointments.wait_time import (
    DEFAULT_HANDLING_MINUTES,
    QueueState,
    erlang_b,
    erlang_c,
    erlang_c_mean_wait_minutes,
    erlang_c_service_level,
    handling_minutes_recent,
    wait_estimate_minutes,
    wait_estimate_new_arrival_minutes,
    wait_minutes_shown,
)


def test_erlang_b_and_c_match_textbook_values():
    # A = 2 erlangs on 3 servers: B = 4/19, C = 4/9.
    assert erlang_b(load=2, servers=3) == pytest.approx(4 / 19)
    assert erlang_c(load=2, servers=3) == pytest.approx(0.444, abs=0.001)
    # A = 1 on 1 server is saturated; a single server's C is its load.
    assert erlang_c(load=1, servers=1) == 1.0
    assert erlang_c(load=0.5, servers=1) == pytest.approx(0.5)


def test_erlang_c_mean_wait_and_service_level():
    # 24 an hour at 5 minutes each on 3 counters: A = 2.
    mean = erlang_c_mean_wait_minutes(arrivals_per_hour=24, handling_minutes=5, servers=3)
    assert mean == pytest.approx(4 / 9 * 5 / 1)
    level = erlang_c_service_level(
        arrivals_per_hour=24, handling_minutes=5, servers=3, within_minutes=0
    )
    assert level == pytest.approx(1 - 4 / 9)
    assert erlang_c_mean_wait_minutes(arrivals_per_hour=60, handling_minutes=5, servers=3) is None


def test_erlang_b_recursion_is_stable_for_many_servers():
    value = erlang_c(load=180, servers=200)
    assert 0 < value < 1


def test_queue_length_predictor():
    busy = QueueState(ahead=4, servers=2, busy=2, handling_minutes=6)
    # (n + 1) · AHT / c with every counter busy.
    assert wait_estimate_minutes(busy) == pytest.approx(15)
    # A free counter takes the first ticket at once.
    assert wait_estimate_minutes(QueueState(ahead=0, servers=2, busy=1, handling_minutes=6)) == 0
    # One free counter saves one departure.
    assert wait_estimate_minutes(
        QueueState(ahead=4, servers=2, busy=1, handling_minutes=6)
    ) == pytest.approx(12)
    # No counter open: no number to show.
    assert wait_estimate_minutes(QueueState(ahead=3, servers=0, busy=0, handling_minutes=6)) is None


def test_a_weighted_share_counts_as_part_of_a_counter():
    half = QueueState(ahead=1, servers=0.5, busy=0.5, handling_minutes=5)
    assert wait_estimate_minutes(half) == pytest.approx(20)


def test_new_arrival_uses_erlang_c_only_when_the_queue_says_nothing():
    empty = QueueState(ahead=0, servers=3, busy=0, handling_minutes=5, arrivals_per_hour=24)
    assert wait_estimate_new_arrival_minutes(empty) == pytest.approx(4 / 9 * 5)
    queued = QueueState(ahead=5, servers=3, busy=3, handling_minutes=5, arrivals_per_hour=24)
    assert wait_estimate_new_arrival_minutes(queued) == pytest.approx(10)


def test_handling_time_is_the_recent_mean_or_the_default():
    assert handling_minutes_recent([], service_slug="pas") == DEFAULT_HANDLING_MINUTES["pas"]
    assert handling_minutes_recent([100] + [4] * 10, service_slug="pas") == pytest.approx(4)


def test_minutes_are_rounded_up_for_the_citizen():
    assert wait_minutes_shown(None) is None
    assert wait_minutes_shown(0.0) == 0
    assert wait_minutes_shown(4.2) == 5
    assert wait_minutes_shown(5.0) == 5
