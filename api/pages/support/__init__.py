"""What every page area shares: rendering, sessions and CSRF, errors as pages, and plain wording."""
