"""When a venue is open: weekly hours, dated closures, and the open time they leave as UTC intervals."""
