"""Adapters of the attendance service: tables and repositories."""
