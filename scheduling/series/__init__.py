"""Recurring series as bookings: creating one, its conflicts, changes, extension as time passes, who may act."""
