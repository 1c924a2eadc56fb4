"""View models the page controllers render: grids, the week view, the booking form, calendars, JSON-LD."""
