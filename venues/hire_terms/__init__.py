"""A venue's hire agreement as numbered versions (``terms``) and the questions it asks on every request (``questions``)."""
