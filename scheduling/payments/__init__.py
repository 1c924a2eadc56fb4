"""Money in and out at a venue: payments and refunds (``record``), deposits (``deposits``), the cancellation
policy (``policy``) and what cancelling refunds (``cancellations``), balances, statements and overdue invoices
(``balances``), the treasurer's CSV (``export``), and the seam for an online card provider (``providers``)."""
