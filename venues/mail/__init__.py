"""Mail leaving the system: the outbox it is written to, the sender that delivers it, and its transports."""
