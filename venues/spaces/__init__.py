"""Spaces: their settings and rules, combined spaces and their parts, and a space with what booking it touches."""
