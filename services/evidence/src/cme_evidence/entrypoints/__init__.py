"""Entry points of the evidence service: HTTP API and process main."""
