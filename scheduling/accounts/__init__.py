"""What becomes of an account's bookings when it goes."""
