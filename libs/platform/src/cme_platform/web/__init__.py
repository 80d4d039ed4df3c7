"""The HTTP side every service shares."""

from cme_platform.web.app import service_app
from cme_platform.web.serve import serve

__all__ = ["serve", "service_app"]
