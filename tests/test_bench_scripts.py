"""Benchmark scripts are not run by the tests (they print figures), but they must not rot:
each one still imports against the current code."""

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
# harness.py and venue.py are what the scripts share, not scripts.
SCRIPTS = sorted(p for p in BENCH.glob("*.py") if p.name not in ("harness.py", "venue.py"))


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_benchmark_script_imports(script, monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH))  # as `python bench/<script>.py` puts it first
    spec = importlib.util.spec_from_file_location(f"bench_{script.stem}", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert callable(getattr(module, "main", None)), f"{script.name} has no main()"
