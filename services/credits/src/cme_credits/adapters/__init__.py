"""Adapters of the credits service: tables and repositories."""
