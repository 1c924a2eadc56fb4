"""iCalendar feeds: events from bookings, public and private feeds, their secret links, and the rendering."""
