"""/api/v1/venues/{id}/money-settings and /treasurers, and an invoice's PDF."""
