"""pix-tui's log file: what happened, for support, never shown in the terminal.

A rotating file (about 1 MB, 3 old copies kept) in the user state folder, or in
`$PIX_TUI_LOG_DIR`. pix-tui's own loggers (`tui`, `api_client`) write at INFO, or DEBUG with
`--debug`; other libraries only from WARNING: the embedded server's SQL at DEBUG would carry
token hashes and personal data, and httpx's own request lines would repeat ours with the full
query string.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOG_DIR_ENV = "PIX_TUI_LOG_DIR"
LOG_LEVEL_ENV = "PIX_TUI_LOG_LEVEL"
"""Forces the level of pix-tui's loggers (DEBUG, INFO, WARNING…); `--debug` wins."""
FILE_NAME = "pix-tui.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 3
OWN_LOGGERS = ("tui", "api_client")
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def log_dir() -> Path:
    """`$PIX_TUI_LOG_DIR`, or the user state folder of pix-tui."""
    override = os.environ.get(LOG_DIR_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    from platformdirs import user_state_dir

    return Path(user_state_dir("pix-tui"))


def log_file() -> Path:
    """The current log file (older ones end in .1, .2, .3)."""
    return log_dir() / FILE_NAME


def own_level(debug: bool) -> int:
    if debug:
        return logging.DEBUG
    name = os.environ.get(LOG_LEVEL_ENV, "").strip().upper()
    level = logging.getLevelNamesMapping().get(name)
    return level if level is not None else logging.INFO


@contextmanager
def file_logging(*, debug: bool = False) -> Iterator[Path | None]:
    """Log to the rotating file while the block runs; yields its path (None when it cannot
    be opened: pix-tui then runs without a log rather than not at all).

    Levels and handlers are put back on leaving, so tests can run it more than once.
    """
    file = log_file()
    path: Path | None = file
    handler: logging.Handler
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            file, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
    except OSError:
        handler, path = logging.NullHandler(), None
    handler.setFormatter(logging.Formatter(FORMAT))
    root = logging.getLogger()
    saved = {name: logging.getLogger(name).level for name in ("", *OWN_LOGGERS)}
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    for name in OWN_LOGGERS:
        logging.getLogger(name).setLevel(own_level(debug))
    try:
        yield path
    finally:
        root.removeHandler(handler)
        handler.close()
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)
