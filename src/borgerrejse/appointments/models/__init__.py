"""Appointments: booked meetings (booking.py) and the walk-in queue (walkin.py)."""

from borgerrejse.appointments.models.booking import *  # noqa: F403
from borgerrejse.appointments.models.walkin import *  # noqa: F403
