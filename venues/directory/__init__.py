"""Finding venues: the directory's filters and placing a postcode or place name."""
