"""Who may open each page of the portal. The portal owns no data: its pages are open to all, or act
through another service's API with the visitor's own token, so that service's table holds the cells
(identity's, credits', projects'…). A new page cannot arrive without its row here."""

from __future__ import annotations

from cme_platform.testing.matrix import delegated, missing_rows, public
from cme_portal.config import PortalSettings
from cme_portal.entrypoints.app import create_app

ROWS = [
    public("GET", "/"), public("GET", "/login"), public("POST", "/login"), public("POST", "/logout"),
    public("GET", "/register"), public("POST", "/register/unit"), public("POST", "/register/person"),
    public("GET", "/query"), public("GET", "/projects"),
    delegated("GET", "/me"), delegated("POST", "/me/accounts/{account_id}/decision"),
    delegated("POST", "/me/hold-applications/{application_id}/{action}"),
    delegated("GET", "/sessions/{session_id}/attendees"), delegated("POST", "/me/projects"),
    delegated("POST", "/me/hold-applications"),
    # The self-entry page is the learner's; its forms call the credits and evidence APIs with the visitor's token.
    delegated("GET", "/me/credits/new"),
    # 单位统一录入: identity lets only a unit admin list its own learners (its units/mine/learners row and
    # test_unit_entry); the entries go to the credits API with the visitor's token.
    delegated("GET", "/me/credits/bulk"), delegated("POST", "/me/credits/bulk"),
    # The message centre's pages call the notifications API with the visitor's own token.
    delegated("GET", "/me/messages"), delegated("POST", "/me/messages/preferences"),
    delegated("POST", "/me/messages/read-all"), delegated("POST", "/me/messages/{message_id}/read"),
]


def test_every_page_of_the_portal_has_a_row(signing_key):
    assert missing_rows(create_app(PortalSettings(jwt_public_key=signing_key[1])), ROWS) == set()
