"""What happened at a session: held or not, and how many came (``records``), who may say so (``access``), and
the sessions still waiting for someone to say so (``waiting``). Counts only: nothing about attendees."""
