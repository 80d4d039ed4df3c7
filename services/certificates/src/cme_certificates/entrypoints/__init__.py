"""Entry points of the certificates service: HTTP API and process main."""
