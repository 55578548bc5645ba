"""The walk-in queue: tickets, counters and their calls."""
