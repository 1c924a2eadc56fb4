"""/api/v1/spaces/{id}/charge-rules: a space's charge rules per tier (venues.charging decides)."""
