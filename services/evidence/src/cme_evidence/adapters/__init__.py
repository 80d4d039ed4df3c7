"""Adapters of the evidence service: tables and repositories."""
