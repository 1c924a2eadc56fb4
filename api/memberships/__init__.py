"""/api/v1: invitations to co-manage a venue or co-organise a group, and requests to join a group."""
