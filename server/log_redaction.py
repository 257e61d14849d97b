"""Secrets never reach the logs: tokens and passwords are masked in every log line.

The access log prints each request's path with its query string, and the CSV export accepts
its token as `?accessToken=...` (older Pix front-ends): without this filter, anyone reading
the server's logs could download results. `redacting_log_config()` is uvicorn's logging
configuration with the filter on every handler (used by `pix-server serve`).
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Mapping
from typing import Any

REDACTED = "[REDACTED]"
SECRET_NAMES = ("accessToken", "access_token", "refresh_token", "token", "password")
_NAMES = "|".join(re.escape(name) for name in SECRET_NAMES)
# `name=value` in a query string or a form body, the name not being the end of a longer one
# (`token_type_hint=` is harmless, `csrf_token=` is not ours).
_QUERY_SECRET = re.compile(rf"(?<![A-Za-z0-9_\-])({_NAMES})=([^&\s\"'#]*)", re.IGNORECASE)
# `"name": "value"` in a JSON document.
_JSON_SECRET = re.compile(rf"(\"(?:{_NAMES})\"\s*:\s*)\"(?:[^\"\\]|\\.)*\"", re.IGNORECASE)
_BEARER = re.compile(r"(?i)\b(bearer\s+)[A-Za-z0-9._~+/=\-]+")
FILTER_NAME = "redact_secrets"


def redact(text: str) -> str:
    """`text` with the value of every secret parameter replaced by `[REDACTED]`."""
    text = _QUERY_SECRET.sub(lambda match: f"{match.group(1)}={REDACTED}", text)
    text = _JSON_SECRET.sub(lambda match: f'{match.group(1)}"{REDACTED}"', text)
    return _BEARER.sub(lambda match: f"{match.group(1)}{REDACTED}", text)


def _redacted(value: Any) -> Any:
    return redact(value) if isinstance(value, str) else value


class RedactSecretsFilter(logging.Filter):
    """A logging filter that masks secrets in the message and its arguments (never drops)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, Mapping):
            record.args = {key: _redacted(value) for key, value in record.args.items()}
        elif isinstance(record.args, tuple):
            record.args = tuple(_redacted(value) for value in record.args)
        return True


def redacting_log_config() -> dict[str, Any]:
    """uvicorn's default logging configuration, with `RedactSecretsFilter` on every handler
    and the server's own logger ("server") going through the same handlers."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})[FILTER_NAME] = {"()": f"{__name__}.RedactSecretsFilter"}
    for handler in config["handlers"].values():
        handler["filters"] = [*handler.get("filters", []), FILTER_NAME]
    config["loggers"]["server"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config
