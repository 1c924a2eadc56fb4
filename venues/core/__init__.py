"""The kernel every domain uses and that uses none of them: the database and its engines, row look-ups,
ids, domain errors, time zones, intervals, distances and the per-worker caches."""
