"""Fuzz every operation of running services with schemathesis, within one time budget; write
the requests that answered 5xx, by service, to a JSON file.

A process of its own, as an outside client is: schemathesis builds its strategies with the
`ast` module, whose recursion counter CPython 3.11.7 shares between threads, so fuzzing from a
thread beside the services raised a spurious SystemError.

    python tests/api_fuzzer.py <seconds> <bearer token> <output file> <name>=<base URL> ...
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import httpx
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.generation import GenerationMode

EXAMPLES_PER_OPERATION = 8


def server_errors(base_url: str, deadline: float, headers: dict[str, str]) -> list[str]:
    """Fuzz every operation of one service; the requests that answered 5xx."""
    schema = schemathesis.openapi.from_dict(httpx.get(f"{base_url}/openapi.json", timeout=30).json())
    found = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in GenerationMode:
            if time.monotonic() > deadline:
                return found + [f"time budget spent before {operation.label}"]

            @given(operation.as_strategy(generation_mode=mode))
            @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None, phases=[Phase.generate],
                      suppress_health_check=list(HealthCheck))
            def probe(case):
                answer = case.call(base_url=base_url, headers=headers, timeout=30)
                if answer.status_code >= 500:
                    found.append(f"{case.method} {case.formatted_path} query={case.query} body={case.body!r:.200} "
                                 f"→ {answer.status_code} {answer.text[:200]}")

            try:
                probe()
            except Unsatisfiable:
                pass  # nothing to get wrong: an operation without parameters has no negative case
    return found


if __name__ == "__main__":
    seconds, token, output, services = float(sys.argv[1]), sys.argv[2], Path(sys.argv[3]), sys.argv[4:]
    deadline = time.monotonic() + seconds
    found = {}
    for service in services:
        name, _, url = service.partition("=")
        found[name] = server_errors(url, deadline, {"Authorization": token})
    output.write_text(json.dumps(found, ensure_ascii=False))
