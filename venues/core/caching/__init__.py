"""Per-worker caches that hold only what the database confirmed for a version, and reads shared by
concurrent requests, so many workers and machines can share one database."""
