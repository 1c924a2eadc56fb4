"""Importing a group's existing calendar: reading the iCal file, and booking what it holds."""
