"""Changes to a venue's opening (closures, weekly hours) and spaces that reach bookings already made."""
