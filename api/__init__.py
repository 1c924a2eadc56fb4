"""The HTTP face of Commonroom: the Litestar app, controllers, schemas, auth, errors and CLI."""
