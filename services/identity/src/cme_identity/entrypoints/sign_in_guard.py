"""Sign-in with its limits on failures, shared by the API and the device tokens (the portal's login
page signs in through the API, passing the visitor's address on).

Only failures count. A guesser on one account is stopped by the per-account limit whichever
addresses they use; the per-address limit is high, because a hospital's staff sign in through
one NAT address at 08:00 and must not lock each other out, and it is there to slow one
address trying many accounts.
"""

from __future__ import annotations

import hashlib

from fastapi import Request

from cme_identity.domain.accounts import Account
from cme_identity.service_layer import commands
from cme_identity.service_layer.unit_of_work import IdentityUnitOfWork
from cme_platform.addresses import client_address
from cme_platform.auth import Unauthenticated
from cme_platform.ratelimit import hit, refuse, spent


def _account_key(username: str) -> str:
    # Redis holds a digest, not the username (often an ID number). The name is read as sign-in
    # reads it, so typing an ID number full-width or with spaces is not a fresh budget.
    return "sign-in-account:" + hashlib.sha256(commands.login_name(username).upper().encode()).hexdigest()[:32]


async def sign_in(request: Request, uow: IdentityUnitOfWork, username: str, password: str) -> Account:
    """The account for these credentials, or 401; 429 with Retry-After once failures reach a limit.

    `uow` is the route's, handed on to the sign-in use case; the request gives the limits and the address."""
    runtime = request.app.state.runtime
    redis, settings = runtime.redis, runtime.settings
    if redis is None:  # without Redis the limits are off (unit tests)
        return await commands.sign_in(uow, username, password)
    limits = [(_account_key(username), settings.sign_in_failures_per_account, settings.sign_in_account_window_seconds,
               "该账号登录失败次数过多，请稍后再试"),
              (f"sign-in-address:{client_address(request)}", settings.sign_in_failures_per_address, 60,
               "登录尝试过于频繁，请稍后再试")]
    for key, limit, window, message in limits:
        if await spent(redis, key, window) >= limit:
            raise refuse("auth.too_many_attempts", message, window, limit=limit)
    try:
        return await commands.sign_in(uow, username, password)
    except Unauthenticated:
        for key, limit, window, _ in limits:
            await hit(redis, key, limit, window)
        raise
