"""Recurrence: validating and expanding rules in local time, and a series row as a schedule."""
