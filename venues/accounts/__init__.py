"""Accounts: passwords, bearer tokens, signing in, and the limits on guessing."""
