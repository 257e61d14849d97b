"""Each client error reads as one French sentence; nothing technical reaches the screen.

Errors are built by the client's own parser from the bodies Pix sends (CONTRACT 1.7, 2.1).
"""

from __future__ import annotations

import json
import logging

import pytest

from api_client import errors
from api_client.errors import error_from_response
from api_client.spaces import Space
from tui.errors import (
    CAMPAIGN_ARCHIVED,
    INVALID_CREDENTIALS,
    PERMANENTLY_BLOCKED,
    TEMPORARILY_BLOCKED,
    TOO_LARGE,
    UNEXPECTED,
    UNREACHABLE,
    ends_session,
    error_message,
    is_unreachable,
)


def _body(status: int, detail: str, code: str | None = None) -> str:
    error: dict[str, str] = {"status": str(status), "title": "x", "detail": detail}
    if code:
        error["code"] = code
    return json.dumps({"errors": [error]})


def test_wrong_password_at_login() -> None:
    error = error_from_response(401, _body(401, INVALID_CREDENTIALS), login=True)
    assert error_message(error) == INVALID_CREDENTIALS


@pytest.mark.parametrize(
    ("code", "expected"),
    [("USER_IS_TEMPORARY_BLOCKED", TEMPORARILY_BLOCKED), ("USER_IS_BLOCKED", PERMANENTLY_BLOCKED)],
)
def test_blocked_accounts(code: str, expected: str) -> None:
    # Pix sends these details in English: the sentence comes from the class, not the body.
    error = error_from_response(403, _body(403, "User has been blocked.", code), login=True)
    assert error_message(error) == expected


@pytest.mark.parametrize(
    ("status", "fragment"),
    [
        (403, "droits"),
        (404, "introuvable"),
        (409, "données ont changé"),
        (412, "pas possible"),
        (422, "pas valides"),
        (429, "Patientez"),
        (500, "Réessayez"),
        (503, "Réessayez"),
    ],
)
def test_statuses_read_as_french_sentences(status: int, fragment: str) -> None:
    message = error_message(error_from_response(status, _body(status, "Some English detail")))
    assert fragment in message
    assert "English" not in message


def test_an_archived_campaign_and_a_too_large_body_are_named() -> None:
    # Our server refuses an answer with a code; Pix refuses a sharing with its sentence only.
    answer = error_from_response(412, _body(412, "Campaign is archived", "CAMPAIGN_ARCHIVED"))
    sharing = error_from_response(412, _body(412, "Cannot share results on an archived campaign."))
    for error in (answer, sharing):
        assert error_message(error) == CAMPAIGN_ARCHIVED
    too_large = error_from_response(413, _body(413, "Request Entity Too Large"))
    assert error_message(too_large) == TOO_LARGE


def test_network_failures() -> None:
    assert error_message(errors.NetworkError("ConnectError: refused")) == UNREACHABLE
    assert is_unreachable(errors.NetworkError("x"))
    timeout = errors.NetworkTimeoutError("ReadTimeout")
    assert "ne répond pas" in error_message(timeout)
    assert is_unreachable(timeout)
    assert not is_unreachable(error_from_response(500, ""))


def test_refused_sessions_end_the_session() -> None:
    expired = errors.SessionExpiredError(401)
    assert error_message(expired) == "Votre session a expiré. Veuillez vous reconnecter."
    assert ends_session(expired)
    assert ends_session(errors.NoSessionError(Space.ORGA))
    assert not ends_session(errors.NetworkError("x"))


def test_a_bug_is_logged_not_shown(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="tui.errors"):
        message = error_message(KeyError("campaign_id"))
    assert message == UNEXPECTED
    assert "campaign_id" not in message
    assert caplog.records and caplog.records[0].exc_info is not None
