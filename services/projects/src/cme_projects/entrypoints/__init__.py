"""Entry points of the projects service: HTTP API and process main."""
