"""Adapters of the certificates service: tables and repositories."""
