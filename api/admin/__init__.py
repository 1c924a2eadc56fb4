"""/api/v1/admin: what site admins look after, such as mail that could not be delivered."""
