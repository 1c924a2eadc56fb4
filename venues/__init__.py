"""Venues, their spaces, opening hours, closures, price tiers and the accounts that run them."""
