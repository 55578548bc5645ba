"""Faults injected into the local adapters, so they behave like real providers.

`NOTIFICATION_FAULTS` (settings, from the environment as JSON) maps a channel to:
- `delay_ms`: time every call takes;
- `failure_rate`: the share of calls that fail with a temporary error;
- `down_until`: an ISO timestamp; until then every call fails (an outage).

Example: NOTIFICATION_FAULTS='{"digital_post": {"delay_ms": 200, "failure_rate": 0.1}}'
"""

from __future__ import annotations

import datetime as dt
import random
import time

from django.conf import settings
from django.utils import timezone

from borgerrejse.notifications.adapters.base import TemporaryDeliveryError


def inject_faults(channel: str) -> None:
    plan = settings.NOTIFICATION_FAULTS.get(channel) or {}
    delay_ms = float(plan.get("delay_ms", 0))
    if delay_ms:
        time.sleep(delay_ms / 1000)
    down_until = plan.get("down_until")
    if down_until and timezone.now() < dt.datetime.fromisoformat(down_until):
        raise TemporaryDeliveryError(f"{channel}: the provider is down (injected outage)")
    failure_rate = float(plan.get("failure_rate", 0))
    if failure_rate and random.random() < failure_rate:
        raise TemporaryDeliveryError(f"{channel}: the provider failed (injected fault)")
