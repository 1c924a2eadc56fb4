"""Messages about bookings: who hears about what, what they read, and the calendar invitation they get."""
