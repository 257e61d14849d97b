"""Tokens and passwords never reach the server's logs, the access log included (the CSV
export accepts `?accessToken=`: whoever reads the log could download the results)."""

from __future__ import annotations

import logging
import string
from pathlib import Path

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from reliability_support import running_servers

from server.log_redaction import REDACTED, RedactSecretsFilter, redact, redacting_log_config

SECRET = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0.s1gn4ture"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            f'127.0.0.1:5000 - "GET /api/campaigns/3/csv-assessment-results?accessToken={SECRET}'
            '&lang=fr HTTP/1.1" 200',
            '127.0.0.1:5000 - "GET /api/campaigns/3/csv-assessment-results?accessToken='
            f'{REDACTED}&lang=fr HTTP/1.1" 200',
        ),
        ("grant_type=password&username=prof&password=Pix12345",
         f"grant_type=password&username=prof&password={REDACTED}"),
        ("grant_type=refresh_token&refresh_token=abc-DEF_123",
         f"grant_type=refresh_token&refresh_token={REDACTED}"),
        ("token=abc&token_type_hint=refresh_token",
         f"token={REDACTED}&token_type_hint=refresh_token"),
        ("?ACCESSTOKEN=abc%2Fdef#top", f"?ACCESSTOKEN={REDACTED}#top"),
        ("?access_token=abc", f"?access_token={REDACTED}"),
        ('{"password": "Pix12345", "username": "prof"}',
         f'{{"password": "{REDACTED}", "username": "prof"}}'),
        (f"Authorization: Bearer {SECRET}", f"Authorization: Bearer {REDACTED}"),
        ("GET /api/campaigns?filter[code]=RENTRE123", "GET /api/campaigns?filter[code]=RENTRE123"),
        ("csrf_token=abc", "csrf_token=abc"),
    ],
)  # fmt: skip
def test_secret_values_are_masked_and_nothing_else(line: str, expected: str) -> None:
    assert redact(line) == expected


@given(
    secret=st.text(alphabet=string.ascii_letters + string.digits + "-._~%+/=", min_size=12),
    name=st.sampled_from(["accessToken", "token", "refresh_token", "password", "Password"]),
    before=st.sampled_from(["?", "&", "?lang=fr&"]),
)
def test_no_secret_survives_in_a_query_string(secret: str, name: str, before: str) -> None:
    line = f'127.0.0.1:1 - "GET /api/x{before}{name}={secret}&page=2 HTTP/1.1" 200'
    assert secret not in redact(line)
    assert redact(line).endswith('&page=2 HTTP/1.1" 200')


def test_the_filter_masks_the_arguments_of_an_access_log_record() -> None:
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", f"/api/campaigns/3/csv-assessment-results?accessToken={SECRET}",
         "1.1", 200),
        None,
    )  # fmt: skip

    assert RedactSecretsFilter().filter(record) is True  # masked, never dropped
    assert SECRET not in record.getMessage()
    assert f"accessToken={REDACTED}" in record.getMessage()


def test_every_handler_of_the_server_logging_configuration_filters() -> None:
    config = redacting_log_config()
    assert config["handlers"]
    for handler in config["handlers"].values():
        assert "redact_secrets" in handler["filters"]
    assert config["loggers"]["server"]["handlers"]


def test_a_real_server_never_prints_a_token(sqlite_templates, tmp_path: Path) -> None:
    # The logs do not depend on the database: SQLite only.
    url = sqlite_templates.new_database(tmp_path / "logs.db", seeded=True)
    with (
        running_servers(url, tmp_path, count=1) as [server],
        httpx.Client(base_url=server.base_url, timeout=10) as client,
    ):
        export = client.get(
            "/api/campaigns/1/csv-assessment-results", params={"accessToken": SECRET}
        )
        login = client.post(
            "/api/token",
            data={"grant_type": "password", "username": "prof@example.net", "password": "Pix12345"},
        )
        assert login.status_code == 200
        refresh = login.json()["refresh_token"]
        client.get("/api/users/me", params={"token": refresh, "password": "Pix12345"})
    log = server.output()

    assert export.status_code < 500
    assert "/api/campaigns/1/csv-assessment-results?accessToken=[REDACTED]" in log
    for secret in (SECRET, refresh, "Pix12345"):
        assert secret not in log
