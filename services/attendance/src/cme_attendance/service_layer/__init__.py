"""Command and event handlers of the attendance service."""
