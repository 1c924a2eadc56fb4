"""Held time: occupancy rows, the database's overlap guard and the 409 it becomes, time-window queries, and
rewriting held time when a space's structure changes. Every write of held time goes through here."""
