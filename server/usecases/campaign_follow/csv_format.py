"""How Pix writes a CSV export, value by value (DOMAIN §7, Pix's `helpers/csv.js`).

- UTF-8 with a BOM before the header, `;` between values, `\\n` after each line;
- numbers as JavaScript prints them, the first `.` turned into a decimal comma;
- strings made only of digits and `-` written raw, every other string double-quoted with
  inner quotes doubled, and a `'` put first when it starts with `-`, `@`, `=` or `+` (a
  spreadsheet would run it as a formula);
- anything else (None) as an empty quoted string `""`;
- dates `DD/MM/YYYY HH:mm` in Europe/Paris time.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

BOM = "\ufeff"
SEPARATOR = ";"
LINE_END = "\n"
YES = "Oui"
NO = "Non"
NOT_AVAILABLE = "NA"

_RAW = re.compile(r"[0-9-]+")
_FORMULA_STARTS = ("-", "@", "=", "+")
# JavaScript switches to exponent notation outside [1e-7, 1e21).
_JS_SMALLEST_PLAIN = 1e-7
_JS_LARGEST_PLAIN = 1e21


def js_number(value: float) -> str:
    """`Number.prototype.toString()`: `1` not `1.0`, `0.67`, `1e-7` and up as JavaScript."""
    if isinstance(value, bool) or not math.isfinite(value):
        raise ValueError(f"not a CSV number: {value!r}")
    if float(value).is_integer() and abs(value) < _JS_LARGEST_PLAIN:
        return str(int(value))
    text = repr(float(value))
    if "e" in text and _JS_SMALLEST_PLAIN <= abs(value) < _JS_LARGEST_PLAIN:
        # Python writes 5e-05 where JavaScript writes 0.00005.
        text = format(Decimal(text), "f")
    return text


def csv_value(value: object) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return js_number(value).replace(".", ",", 1)
    if isinstance(value, str):
        if _RAW.fullmatch(value):
            return value
        prefix = "'" if value.startswith(_FORMULA_STARTS) else ""
        return '"' + prefix + value.replace('"', '""') + '"'
    return '""'


def csv_line(values: Iterable[object]) -> str:
    return SEPARATOR.join(csv_value(value) for value in values) + LINE_END


def yes_no(value: bool) -> str:
    return YES if value else NO


# --- time ------------------------------------------------------------------------------------


def _paris_zone() -> ZoneInfo | None:
    try:
        return ZoneInfo("Europe/Paris")
    except ZoneInfoNotFoundError:  # no tz database on this machine (no tzdata package)
        return None


_PARIS = _paris_zone()


def _last_sunday(year: int, month: int) -> datetime:
    next_month = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=UTC)
    last_day = next_month - timedelta(days=1)
    return last_day - timedelta(days=(last_day.weekday() + 1) % 7)


def _paris_without_tz_database(moment: datetime) -> datetime:
    # EU rule since 1996: summer time from the last Sunday of March to the last Sunday of
    # October, both at 01:00 UTC.
    utc = moment.astimezone(UTC)
    summer_starts = _last_sunday(utc.year, 3).replace(hour=1)
    summer_ends = _last_sunday(utc.year, 10).replace(hour=1)
    offset = 2 if summer_starts <= utc < summer_ends else 1
    return (utc + timedelta(hours=offset)).replace(tzinfo=None)


def paris_time(moment: datetime) -> datetime:
    """The wall-clock time in Paris (naive)."""
    if _PARIS is None:
        return _paris_without_tz_database(moment)
    return moment.astimezone(_PARIS).replace(tzinfo=None)


def csv_datetime(moment: datetime) -> str:
    """`15/03/2025 10:30`, Paris time."""
    return paris_time(moment).strftime("%d/%m/%Y %H:%M")


# --- file name -------------------------------------------------------------------------------


def export_file_name(campaign_name: str, campaign_id: int, now: datetime) -> str:
    """`Resultats-{name}-{id}-{YYYY-MM-DD-HHmm}.csv` (Pix's `campaign-export.common.file-name`,
    French time)."""
    return f"Resultats-{campaign_name}-{campaign_id}-{paris_time(now):%Y-%m-%d-%H%M}.csv"


_UNSAFE_IN_QUOTED = re.compile(r'["\\\x00-\x1f\x7f]')


def content_disposition(file_name: str) -> str:
    """`attachment` with the name twice: an ASCII fallback, and the exact UTF-8 name
    (RFC 6266 `filename*`), since campaign names hold accents and dashes that an HTTP
    header cannot carry raw."""
    fallback = _UNSAFE_IN_QUOTED.sub("_", file_name.encode("ascii", "replace").decode("ascii"))
    fallback = fallback.replace("?", "_")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(file_name, safe='')}"
