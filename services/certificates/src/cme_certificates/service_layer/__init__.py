"""Command and event handlers of the certificates service."""
