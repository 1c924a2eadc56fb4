"""Bookings, recurring series, availability, conflicts, activities, groups and calendars."""
