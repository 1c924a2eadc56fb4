"""What residents find: activities listed on bookings and series, and what's on in a window."""
