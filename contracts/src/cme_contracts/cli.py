"""`cme-contracts generate|check`: keep the checked-in schemas true to the models."""

from __future__ import annotations

import sys
from pathlib import Path

from cme_contracts.generate import drift, write

CONTRACTS_ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    args = sys.argv[1:] if argv is None else argv
    if args == ["generate"]:
        write(CONTRACTS_ROOT)
        print(f"wrote schemas and asyncapi.yaml under {CONTRACTS_ROOT}")
        return 0
    if args == ["check"]:
        stale = drift(CONTRACTS_ROOT)
        for path in stale:
            print(f"out of date: contracts/{path} (run `make contracts`)")
        return 1 if stale else 0
    print("usage: cme-contracts generate|check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
