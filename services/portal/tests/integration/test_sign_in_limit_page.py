"""The login page signs in at identity, so it shares identity's limits on failures (per account, per
address: the visitor's, which the portal passes on) and says when to retry, as the API does."""

from __future__ import annotations

import uuid

from cme_platform.testing.services import eventually

GUESS = {"password": "Guess12345"}


def _somewhere() -> tuple[str, int]:
    return f"198.51.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}", 1


async def test_the_login_page_shares_the_limits_and_says_when_to_retry(platform_front_door):
    admin = f"adm{uuid.uuid4().hex[:8]}"  # a new name each time: Redis outlives a test
    async with platform_front_door(visitors=(_somewhere(),), bootstrap_admin=f"{admin}:Sichuan2026:sichuan",
                                   sign_in_failures_per_account=2, sign_in_failures_per_address=1000) as [browser]:
        async def seeded() -> bool:
            answer = await browser.get("/api/identity/public-key")
            return answer.status_code == 200

        await eventually(seeded)
        pages = [await browser.post("/login", data={"username": admin, "password": "Guess12345"},
                                    headers={"X-Forwarded-For": f"10.2.0.{n}"}) for n in range(3)]
        api = await browser.post("/api/identity/sessions", json={"username": admin, **GUESS})
    assert [p.status_code for p in pages] == [401, 401, 429]
    assert "该账号登录失败次数过多" in pages[2].text and int(pages[2].headers["Retry-After"]) >= 1
    assert api.status_code == 429, "the page and the API count the same failures"


async def test_each_visitor_is_counted_at_their_own_address_not_the_portals(platform_front_door):
    async with platform_front_door(visitors=(_somewhere(), _somewhere()), sign_in_failures_per_address=2) as [
            guesser, neighbour]:
        def stranger() -> dict[str, str]:
            return {"username": f"nobody-{uuid.uuid4().hex[:8]}", **GUESS}

        guesses = [await guesser.post("/login", data=stranger()) for _ in range(3)]
        typo = await neighbour.post("/login", data=stranger())
    # The portal passes each visitor's address on, so one guesser does not lock out everyone behind the portal.
    assert [p.status_code for p in guesses] == [401, 401, 429]
    assert typo.status_code == 401
