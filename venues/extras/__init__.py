"""A venue's catalogue of extras a hirer can add to a booking (kitchen, PA, projectors, tables)."""
