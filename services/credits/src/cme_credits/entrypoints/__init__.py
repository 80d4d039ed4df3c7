"""Entry points of the credits service: HTTP API and process main."""
