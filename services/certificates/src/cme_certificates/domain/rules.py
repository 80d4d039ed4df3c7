"""Certificate rules per jurisdiction (证书规则): the `[certificates]` table of the registry.

What differs between provinces — the certificate's title, its number prefix, the footer
text — is data in `cme_contracts/jurisdictions/`; a city may change only its prefix (成都:
SCCD) and keep its province's title and footer.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from zoneinfo import ZoneInfo

from cme_contracts.jurisdictions import RuleSection, check_every, section


class CertificateRules(RuleSection):
    """How one jurisdiction's certificates look (证书样式) and are numbered (证书编号)."""

    title: str
    number_prefix: str
    footer: str

    @property
    def jurisdiction(self) -> str:
        """The jurisdiction these rules are of."""
        return self.id

    def local_date(self, moment: datetime) -> date:
        """The date of an instant where the certificate's people are (签发日期 in Beijing time, not UTC)."""
        return moment.astimezone(ZoneInfo(self.timezone)).date()


@cache
def rules_for(jurisdiction: str) -> CertificateRules:
    """The certificate rules of a jurisdiction; UnknownJurisdiction when the registry has none."""
    return section(jurisdiction, "certificates", CertificateRules)


def check_rule_files() -> None:
    """Validate every jurisdiction's certificate rules (at start-up)."""
    check_every("certificates", CertificateRules)
