"""Entry points of the attendance service: HTTP API and process main."""
