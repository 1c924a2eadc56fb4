"""Invoices and credit notes: issued at confirmation or monthly per group, numbered per venue without gaps."""
