"""How a venue publishes its bookable spaces as open data: whether its slots are published, how long a slot is and
how many days ahead they go (``settings``), and what its listing still lacks to be complete."""
