"""Certificate rules per jurisdiction (证书规则), read from one TOML file per jurisdiction.

What differs between provinces — the certificate's title, its number prefix, the footer
text — is data in `cme_certificates/rules/<jurisdiction>.toml`; a new province is a new file.
A jurisdiction without its own file uses `default.toml`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib.resources import files
from zoneinfo import ZoneInfo

DEFAULT = "default"


@dataclass(frozen=True)
class CertificateRules:
    """How one jurisdiction's certificates look (证书样式) and are numbered (证书编号)."""

    jurisdiction: str
    title: str
    number_prefix: str
    footer: str
    timezone: str

    def local_date(self, moment: datetime) -> date:
        """The date of an instant where the certificate's people are (签发日期 in Beijing time, not UTC)."""
        return moment.astimezone(ZoneInfo(self.timezone)).date()


@cache
def rules_for(jurisdiction: str) -> CertificateRules:
    """The rule set of a jurisdiction, or the default one when it has no file."""
    folder = files("cme_certificates") / "rules"
    source = folder / f"{jurisdiction}.toml"
    if not source.is_file():
        source = folder / f"{DEFAULT}.toml"
    data = tomllib.loads(source.read_text(encoding="utf-8"))
    return CertificateRules(**data)
