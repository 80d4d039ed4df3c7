"""The jurisdiction registry (管辖地区与规则集): every region the platform runs, and its rules.

One TOML file per jurisdiction, in this folder (and in any folder named by
`CME_JURISDICTIONS_DIRS`, separated by `:`). The files form a tree: `national` is the root
and holds the national regulation; a province names `parent = "national"`, a city its
province, a district its city. Each file has one table per service (`[credits]`,
`[projects]`, `[attendance]`, `[certificates]`, `[notifications]`); a child's tables are
merged over its parent's, key by key (tables merge, other values replace), so a district
states only what it adds or changes.

The id of a jurisdiction is the rule-set id every event carries (`jurisdiction`): a unit in
成都市锦江区 belongs to `jinjiang`, whose rules are Sichuan's with Jinjiang's additions, and
the Sichuan office's scope holds it (`within`). A service reads its table through
`section(id, name, Model)`, a pydantic model, so a typo fails at start-up naming the file
and the key; an id nobody has a file for is `UnknownJurisdiction`, the same answer in every
service.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from cme_contracts.errors import DomainError
from cme_contracts.jurisdictions.merge import merged

ROOT = "national"
Level = Literal["national", "province", "city", "district"]
_HERE = Path(__file__).resolve().parent
Section = TypeVar("Section", bound=BaseModel)


class UnknownJurisdiction(DomainError):
    """An id no rule file names: refused with the same code and sentence in every service."""

    def __init__(self, jurisdiction: str, known: list[str]):
        super().__init__(
            "jurisdiction.unknown",
            f"没有“{jurisdiction}”的规则集，平台运行的管辖地区为：{'、'.join(known)}",
            jurisdiction=jurisdiction,
            known=known,
        )


class RuleFileError(ValueError):
    """A rule file that does not say what its schema asks: names the file and the key."""


class Head(BaseModel):
    """What every rule file states about its own place in the tree."""

    model_config = ConfigDict(extra="allow", frozen=True)

    id: str
    name: str
    level: Level
    parent: str | None = None
    code: str = ""  # 行政区划代码 of the region (510104 for 锦江区)
    timezone: str = "Asia/Shanghai"
    regions: dict[str, str] = {}  # the cities of a province, the districts of a city: code → name


class RuleSection(BaseModel):
    """The base of every service's table model: unknown keys are typos, and fail."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str
    timezone: str


@dataclass(frozen=True)
class Jurisdiction:
    """One node of the tree with its tables already merged over its ancestors'."""

    id: str
    name: str
    level: Level
    parent: str | None
    code: str
    timezone: str
    regions: dict[str, str]
    path: Path
    tables: dict[str, Any] = field(repr=False)


def _one_line(error: ValidationError) -> str:
    return "; ".join(f"{'.'.join(str(p) for p in e['loc']) or '(file)'}: {e['msg']}" for e in error.errors())


def _folders() -> list[Path]:
    extra = [Path(p) for p in os.environ.get("CME_JURISDICTIONS_DIRS", "").split(":") if p]
    return [_HERE, *extra]


def _read(path: Path) -> tuple[Head, dict[str, Any]]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        head = Head.model_validate({k: v for k, v in data.items() if not isinstance(v, dict) or k == "regions"})
    except tomllib.TOMLDecodeError as error:
        raise RuleFileError(f"{path}: {error}") from error
    except ValidationError as error:
        raise RuleFileError(f"{path}: {_one_line(error)}") from error
    if head.id != path.stem:
        raise RuleFileError(f"{path}: id = {head.id!r} must be the file's name ({path.stem!r})")
    return head, {k: v for k, v in data.items() if isinstance(v, dict) and k != "regions"}


class Registry:
    """Every jurisdiction on file, resolved once."""

    def __init__(self, folders: list[Path]):
        raw: dict[str, tuple[Head, dict[str, Any], Path]] = {}
        for folder in folders:
            for path in sorted(folder.glob("*.toml")):
                head, tables = _read(path)
                raw[head.id] = (head, tables, path)
        self._nodes: dict[str, Jurisdiction] = {}
        for node_id in raw:
            self._resolve(node_id, raw, ())

    def _resolve(self, node_id: str, raw: dict, seen: tuple[str, ...]) -> Jurisdiction:
        if node_id in self._nodes:
            return self._nodes[node_id]
        head, tables, path = raw[node_id]
        if head.parent is not None and head.parent not in raw:
            raise RuleFileError(f"{path}: parent = {head.parent!r} has no rule file")
        if node_id in seen:
            raise RuleFileError(f"{path}: parent chain loops through {' → '.join(seen)}")
        inherited = self._resolve(head.parent, raw, (*seen, node_id)).tables if head.parent else {}
        node = Jurisdiction(head.id, head.name, head.level, head.parent, head.code, head.timezone,
                            dict(head.regions), path, merged(inherited, tables))
        self._nodes[node_id] = node
        return node

    def ids(self) -> list[str]:
        """Every jurisdiction where units and people can belong (all but the national root)."""
        return sorted(i for i, n in self._nodes.items() if n.level != "national")

    def get(self, jurisdiction: str | None) -> Jurisdiction:
        """The jurisdiction of an id, or UnknownJurisdiction naming it."""
        node = self._nodes.get(jurisdiction or "")
        if node is None:
            raise UnknownJurisdiction(str(jurisdiction), self.ids())
        return node

    def lineage(self, jurisdiction: str) -> list[Jurisdiction]:
        """The jurisdiction and its ancestors, nearest first (锦江区, 成都市, 四川省, 全国)."""
        line = [self.get(jurisdiction)]
        while line[-1].parent:
            line.append(self.get(line[-1].parent))
        return line

    def province_of(self, jurisdiction: str) -> Jurisdiction:
        """The province a jurisdiction lies in (itself for a province)."""
        return next(n for n in self.lineage(jurisdiction) if n.level == "province")

    def within(self, jurisdiction: str | None, scope: str | None) -> bool:
        """True when `jurisdiction` is `scope` or lies inside it (锦江区 within 四川省)."""
        if not jurisdiction or not scope or jurisdiction not in self._nodes:
            return False
        return any(n.id == scope for n in self.lineage(jurisdiction))

    def members(self, scope: str | None) -> list[str]:
        """`scope` and every jurisdiction inside it: what an office of `scope` oversees."""
        return [i for i in self.ids() if self.within(i, scope)]

    def resolve(self, province: str, city: str | None = None, district: str | None = None) -> str:
        """The most specific jurisdiction with rules of its own for a region (单位所在地 → 规则集)."""
        found = self.get(province).id
        for code in (city, district):
            child = next((n.id for n in self._nodes.values() if n.parent == found and code and n.code == code), None)
            if child is None:
                break
            found = child
        return found

    def section(self, jurisdiction: str, name: str, model: type[Section]) -> Section:
        """One service's table of a jurisdiction, validated by the service's model."""
        node = self.get(jurisdiction)
        data = {"id": node.id, "name": node.name, "timezone": node.timezone, **node.tables.get(name, {})}
        try:
            return model.model_validate(data)
        except ValidationError as error:
            raise RuleFileError(f"{node.path} [{name}] (with what it inherits): {_one_line(error)}") from error


@cache
def registry() -> Registry:
    """The registry of this process (the package's files and CME_JURISDICTIONS_DIRS)."""
    return Registry(_folders())


def section(jurisdiction: str, name: str, model: type[Section]) -> Section:
    """Shorthand for `registry().section(...)`."""
    return registry().section(jurisdiction, name, model)


def check_every(name: str, model: type[BaseModel]) -> None:
    """Validate one service's table of every jurisdiction: a service calls this at start-up."""
    for jurisdiction in registry().ids():
        section(jurisdiction, name, model)
