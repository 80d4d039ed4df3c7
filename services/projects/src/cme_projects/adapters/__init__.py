"""Adapters of the projects service: tables and repositories."""
