"""Borgerrejse: citizen service and case handling for Danish municipalities."""
