"""How a venue bills: VAT registration and treatments, payment terms, cancellation policy, the name and
address on its invoices, and who its treasurers are."""
