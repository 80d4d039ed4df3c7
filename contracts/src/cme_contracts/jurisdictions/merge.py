"""How a child's rule tables are laid over its parent's."""

from __future__ import annotations

from typing import Any


def merged(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """Tables merge key by key, any other value of the child replaces the parent's.

    So a district adds one entry category to its province's without repeating the others, and
    a list (a review chain) is stated whole where it differs.
    """
    out = dict(parent)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merged(out[key], value)
        else:
            out[key] = value
    return out
