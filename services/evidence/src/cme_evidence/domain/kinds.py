"""Kinds of evidence (证明材料类别) and their limits, read from `rules/kinds.toml`."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from cme_evidence.domain import refusals
from cme_evidence.domain.filetypes import FileType

MIB = 1024 * 1024


@dataclass(frozen=True)
class EvidenceKind:
    """What a kind of evidence may be: its accepted types and its size limit."""

    name: str
    label: str
    accepts: tuple[FileType, ...]
    max_bytes: int

    def check_size(self, size: int) -> None:
        """Refuse a file over the limit (called as bytes arrive, so it stops the stream)."""
        if size > self.max_bytes:
            raise refusals.too_large(self.name, self.max_bytes)

    def check_type(self, file_type: FileType | None, found: str) -> FileType:
        """The file's type if this kind accepts it; otherwise a refusal naming both."""
        if file_type is None or file_type not in self.accepts:
            raise refusals.wrong_type(self.name, found, [t.label for t in self.accepts])
        return file_type


def parse_catalogue(text: str) -> dict[str, EvidenceKind]:
    """The kinds described by a TOML catalogue."""
    data = tomllib.loads(text)
    default_mib = data.get("default_max_mib", 50)
    return {
        name: EvidenceKind(
            name=name, label=spec["label"], accepts=tuple(FileType(t) for t in spec["accepts"]),
            max_bytes=int(spec.get("max_mib", default_mib) * MIB),
        )
        for name, spec in data["kinds"].items()
    }


@cache
def catalogue() -> dict[str, EvidenceKind]:
    """The platform's kinds of evidence."""
    return parse_catalogue(resources.files("cme_evidence.rules").joinpath("kinds.toml").read_text("utf-8"))


def kind_named(name: str) -> EvidenceKind:
    """The kind with this name, or a refusal listing the known kinds."""
    kinds = catalogue()
    if name not in kinds:
        raise refusals.unknown_kind(name, sorted(kinds))
    return kinds[name]
