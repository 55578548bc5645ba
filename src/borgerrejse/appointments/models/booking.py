"""Bookable meetings: locations, appointment types, staff calendars, appointments."""
