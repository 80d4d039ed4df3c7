"""What the certificates service tells a learner when the credits service answers with something other
than its API's JSON (an edge's HTML error page, a proxy's empty body): a Chinese refusal, not a crash."""

from __future__ import annotations

import httpx
import pytest

from cme_certificates.adapters.credits_api import CreditsApi, CreditsRefused, CreditsUnavailable


def answering(status: int, body: bytes, content_type: str) -> CreditsApi:
    transport = httpx.MockTransport(lambda request: httpx.Response(status, content=body,
                                                                   headers={"content-type": content_type}))
    return CreditsApi(httpx.AsyncClient(transport=transport, base_url="http://credits"))


@pytest.mark.parametrize(("status", "body", "kind"), [
    (404, b"<html><body>404 Not Found</body></html>", CreditsRefused),
    (200, b"<html>maintenance</html>", CreditsUnavailable),
])
async def test_an_answer_that_is_not_the_apis_json_is_a_chinese_refusal(status, body, kind):
    with pytest.raises(kind) as refused:
        await answering(status, body, "text/html").compliance("token", "510104199001011234", 2026, None)
    assert refused.value.code.startswith("proof.") and "学分服务" in refused.value.message
