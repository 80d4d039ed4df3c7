"""Scratch jurisdictions for tests that need records nobody else's test shares.

A test that counts the messages of "its" provincial office, say, takes a province of its own:
a one-line rule file (everything else inherited from the national rule) in a folder named by
`CME_JURISDICTIONS_DIRS`, which stays for the whole test session so that the records left by
earlier tests keep a jurisdiction the registry knows.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from cme_contracts.jurisdictions import registry


def scratch_province(folder: Path) -> str:
    """A new province following the national rule; its id (`zone-…`) is known from now on."""
    folder.mkdir(parents=True, exist_ok=True)
    name = f"zone-{uuid.uuid4().hex[:6]}"
    (folder / f"{name}.toml").write_text(
        f'id = "{name}"\nname = "测试省{name[-6:]}"\nlevel = "province"\nparent = "national"\n', encoding="utf-8")
    folders = [p for p in os.environ.get("CME_JURISDICTIONS_DIRS", "").split(":") if p]
    if str(folder) not in folders:
        os.environ["CME_JURISDICTIONS_DIRS"] = ":".join([*folders, str(folder)])
    registry.cache_clear()
    return name
