"""What a hirer accepts and answers on a request: checking it before the write (``check``), recording it in the
request's transaction and reading it back for those who may see it (``records``)."""
