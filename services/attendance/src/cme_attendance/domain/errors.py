"""Refusals of the attendance domain."""

from __future__ import annotations

from cme_platform.errors import DomainError


class ScanRefused(DomainError):
    """A scan or form the rules refuse; the code is kept in the failed-scan log (扫码失败记录)."""
