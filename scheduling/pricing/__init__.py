"""What a booking costs: the tier that applies (a group's agreed tier included) and the quote."""
