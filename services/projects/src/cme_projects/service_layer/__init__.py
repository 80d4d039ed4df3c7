"""Command and event handlers of the projects service."""
