"""Command and event handlers of the credits service."""
