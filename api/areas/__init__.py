"""/api/v1/areas: named sets of venues (public list and detail), changed by site admins, read by their officers."""
