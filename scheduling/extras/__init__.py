"""Extras chosen on a booking and the stock they hold: held like time, under a database guard."""
