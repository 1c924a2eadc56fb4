"""Invoices and credit notes (issued by the invoices work; see ``credit``)."""
