"""Command and event handlers of the evidence service."""
