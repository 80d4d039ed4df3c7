"""`make demo` (`cme-demo URL`) loads its data set into a running `make dev` stack through the
front door, as an outside system would, and a second run reuses what the first created:
afterwards the Jiangsu learner holds a certificate, 锦江区医学会 has a credit to review, and
the units see credits in every review state."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from cme_platform.devstack.demo.people import HANGZHOU, JINJIANG, PASSWORD, SUZHOU
from cme_platform.testing.stack import dev_stack

pytestmark = pytest.mark.timeout(420)


def run_demo(url: str, offset_seconds: float) -> subprocess.CompletedProcess:
    env = dict(os.environ, CME_CLOCK_OFFSET_SECONDS=str(offset_seconds))
    return subprocess.run([str(Path(sys.executable).parent / "cme-demo"), url], env=env, capture_output=True,
                          text=True, timeout=300)


def signed_in(api: httpx.Client, username: str, password: str = PASSWORD) -> dict:
    answer = api.post("/api/identity/sessions", json={"username": username, "password": password})
    assert answer.status_code == 200, (username, answer.text)
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def test_the_demo_loads_twice_and_leaves_a_certificate_a_district_queue_and_every_review_state(tmp_path):
    with dev_stack(tmp_path) as stack:
        offset = stack.clock.offset.total_seconds()
        first = run_demo(stack.url, offset)
        assert first.returncode == 0, first.stdout + first.stderr
        again = run_demo(stack.url, offset)
        assert again.returncode == 0, again.stdout + again.stderr
        assert "jj-district" in again.stdout and "Jinjiang2026" in again.stdout, "the sign-in table is printed"

        with httpx.Client(base_url=stack.url, timeout=30) as api:
            learner = signed_in(api, SUZHOU.learners[0].id_number)
            [certificate] = api.get("/api/certificates/mine", headers=learner).json()["items"]
            assert certificate["certificate_number"].startswith("JS"), certificate

            district = signed_in(api, "jj-district", "Jinjiang2026")
            queue = api.get("/api/credits/queue", headers=district).json()["credits"]
            assert [(c["name"], c["category"]) for c in queue] == [("刘洋", "district_ii")]

            states = set()
            for unit in (SUZHOU, JINJIANG, HANGZHOU):
                admin = signed_in(api, unit.admin_username)
                states |= {c["status"] for c in api.get("/api/credits", headers=admin).json()["credits"]}
            assert states == {"draft", "in_review", "rejected", "approved"}
