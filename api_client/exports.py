"""Saving a CSV export to disk: the file name the server proposes, made safe, and a writer
that never leaves a half-written file behind (a temporary file renamed at the very end).

No network here: `client.campaign_follow.export_csv` feeds the bytes it receives.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Self
from urllib.parse import unquote

ProgressCallback = Callable[[int, int | None], None]
"""Called after each chunk with (bytes written so far, total bytes or None if unknown)."""

MAX_FILE_NAME_LENGTH = 200
_EXTENDED_NAME = re.compile(r"filename\*\s*=\s*([\w!#$&+.^`|~-]+)'[^']*'([^;\s]+)", re.IGNORECASE)
_PLAIN_NAME = re.compile(r'filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))', re.IGNORECASE)
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\]")
_UNSAFE_ON_WINDOWS = re.compile(r'[<>:"|?*]')


@dataclass(frozen=True, slots=True)
class ExportResult:
    """A saved export: where, how many bytes, how many result lines (header excluded)."""

    path: Path
    bytes: int
    rows: int


def file_name_from_disposition(header: str | None) -> str | None:
    """The file name of a `Content-Disposition` header: the exact UTF-8 one (`filename*`,
    RFC 6266) when given, else the plain `filename`; None when there is none."""
    if not header:
        return None
    extended = _EXTENDED_NAME.search(header)
    if extended is not None:
        charset = extended.group(1).lower()
        try:
            return unquote(extended.group(2), encoding=charset, errors="strict")
        except (LookupError, UnicodeDecodeError):
            pass
    plain = _PLAIN_NAME.search(header)
    if plain is None:
        return None
    if plain.group(1) is not None:
        return re.sub(r"\\(.)", r"\1", plain.group(1))
    return plain.group(2)


def safe_file_name(name: str, fallback: str) -> str:
    """A name that stays in the chosen folder: no folder part, no control character, not
    hidden, not too long (the server's name is not trusted blindly)."""
    cleaned = _UNSAFE.sub("_", name)
    if os.name == "nt":
        cleaned = _UNSAFE_ON_WINDOWS.sub("_", cleaned)
    cleaned = cleaned.strip().lstrip(".")
    if not cleaned:
        return fallback
    if len(cleaned) > MAX_FILE_NAME_LENGTH:
        stem, dot, extension = cleaned.rpartition(".")
        if dot and len(extension) <= 10:
            cleaned = stem[: MAX_FILE_NAME_LENGTH - len(extension) - 1] + "." + extension
        else:
            cleaned = cleaned[:MAX_FILE_NAME_LENGTH]
    return cleaned


def export_target(destination: Path, proposed: str | None, fallback: str) -> Path:
    """`destination` itself, or inside it the server's (safe) name when it is a folder."""
    if destination.is_dir():
        return destination / safe_file_name(proposed or fallback, fallback)
    return destination


class CsvRecordCounter:
    """Counts CSV lines as they stream in, ignoring line breaks inside quoted values
    (a doubled quote `""` flips the state twice, so it changes nothing)."""

    def __init__(self) -> None:
        self.lines = 0
        self._inside_quotes = False

    def feed(self, chunk: bytes) -> None:
        parts = chunk.split(b'"')
        for index, part in enumerate(parts):
            inside = self._inside_quotes != (index % 2 == 1)
            if not inside:
                self.lines += part.count(b"\n")
        if len(parts) % 2 == 0:
            self._inside_quotes = not self._inside_quotes

    @property
    def rows(self) -> int:
        """Lines after the header."""
        return max(self.lines - 1, 0)


class AtomicFileWriter:
    """Writes to a temporary file beside `target`, renamed over it on `commit()`; leaving
    the block without committing (an error, a cancellation) deletes the temporary file."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.written = 0
        self._file: IO[bytes] | None = None
        self._temporary: Path | None = None

    def __enter__(self) -> Self:
        self.target.parent.mkdir(parents=True, exist_ok=True)
        descriptor, name = tempfile.mkstemp(
            dir=self.target.parent, prefix=f".{self.target.name}.", suffix=".part"
        )
        self._temporary = Path(name)
        self._file = os.fdopen(descriptor, "wb")
        return self

    def write(self, chunk: bytes) -> None:
        assert self._file is not None, "use AtomicFileWriter in a with block"
        self._file.write(chunk)
        self.written += len(chunk)

    def commit(self) -> Path:
        """Flush to disk and put the file in place."""
        assert self._file is not None and self._temporary is not None
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        os.replace(self._temporary, self.target)
        self._temporary = None
        return self.target

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._file is not None and not self._file.closed:
            self._file.close()
        if self._temporary is not None:
            self._temporary.unlink(missing_ok=True)
            self._temporary = None
