"""Value by value, the CSV dialect of Pix's exports (`helpers/csv.js`), and Paris time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from server.usecases.campaign_follow import csv_format
from server.usecases.campaign_follow.csv_format import (
    content_disposition,
    csv_datetime,
    csv_line,
    csv_value,
    export_file_name,
    js_number,
)


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (1, "1"),
        (1.0, "1"),  # JavaScript prints no ".0"
        (0, "0"),
        (0.67, "0,67"),
        (0.3333333333333333, "0,3333333333333333"),
        (12.5, "12,5"),
        (-0.5, "-0,5"),
        (0.00005, "0,00005"),  # Python's repr says 5e-05
        (900001, "900001"),
    ],
)
def test_numbers(value: float, written: str) -> None:
    assert csv_value(value) == written


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("12345", "12345"),  # digits and dashes only: raw
        ("12345-67", "12345-67"),
        ("-42", "-42"),  # raw too: the pattern wins over the formula guard, as in Pix
        ("Alice", '"Alice"'),
        ("", '""'),
        ('Élève "B"', '"Élève ""B"""'),
        ("=1+1", '"\'=1+1"'),
        ("+33 6 12", '"\'+33 6 12"'),
        ("@cmd", '"\'@cmd"'),
        ("-1+1", '"\'-1+1"'),
        ("a;b\nc", '"a;b\nc"'),
        ("12 345", '"12 345"'),
    ],
)
def test_strings(value: str, written: str) -> None:
    assert csv_value(value) == written


def test_anything_else_is_an_empty_string() -> None:
    assert csv_value(None) == '""'
    assert csv_line(["a", 1, None, 0.5]) == '"a";1;"";0,5\n'


def test_no_infinite_numbers() -> None:
    with pytest.raises(ValueError):
        js_number(float("nan"))


@pytest.mark.parametrize(
    ("moment", "written"),
    [
        (datetime(2025, 1, 15, 23, 30, tzinfo=UTC), "16/01/2025 00:30"),  # winter, +1
        (datetime(2025, 3, 30, 0, 59, tzinfo=UTC), "30/03/2025 01:59"),  # just before summer
        (datetime(2025, 3, 30, 1, 0, tzinfo=UTC), "30/03/2025 03:00"),  # summer time, +2
        (datetime(2025, 10, 26, 0, 59, tzinfo=UTC), "26/10/2025 02:59"),
        (datetime(2025, 10, 26, 1, 0, tzinfo=UTC), "26/10/2025 02:00"),  # back to +1
    ],
)
def test_paris_time_with_and_without_a_tz_database(
    monkeypatch: pytest.MonkeyPatch, moment: datetime, written: str
) -> None:
    assert csv_datetime(moment) == written
    # a machine without the tz database (no tzdata package) computes the EU rule itself
    monkeypatch.setattr(csv_format, "_PARIS", None)
    assert csv_datetime(moment) == written


def test_file_name_and_content_disposition() -> None:
    name = export_file_name(
        "Sécurité : essentiels – L1", 42, datetime(2025, 7, 1, 22, 5, tzinfo=UTC)
    )
    assert name == "Resultats-Sécurité : essentiels – L1-42-2025-07-02-0005.csv"
    header = content_disposition('Resultats-"x"\\y-1.csv')
    assert header.encode("latin-1")  # a header Starlette can send
    assert header == (
        'attachment; filename="Resultats-_x__y-1.csv"; '
        "filename*=UTF-8''Resultats-%22x%22%5Cy-1.csv"
    )
