"""A venue's charge rules per space and tier (fixed price, minimum, rate bands, daily cap)."""
