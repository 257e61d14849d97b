"""How the follow-up screens write statuses, percentages and charts: words and shapes, so
nothing rides on colour alone (NO_COLOR, a screenshot, a monochrome SSH terminal)."""

from __future__ import annotations

import os
from datetime import datetime

from rich.text import Text

from api_client.models.campaign_follow import SHARED, STARTED, TO_SHARE, DayCount
from tui.widgets.text_bar import text_bar

STATUS_WORDS = {
    STARTED: ("◔", "En cours de test"),
    TO_SHARE: ("◑", "En attente d'envoi"),
    SHARED: ("●", "Résultats reçus"),
}
STATUS_FILTERS = [(f"{icon} {words}", status) for status, (icon, words) in STATUS_WORDS.items()]

DEFAULT_REFRESH_SECONDS = 15.0
REFRESH_ENV = "PIX_TUI_REFRESH_SECONDS"
SPARK = " ▁▂▃▄▅▆▇█"


def refresh_seconds() -> float:
    """Seconds between two refreshes of an open campaign ($PIX_TUI_REFRESH_SECONDS, 0: never)."""
    raw = os.environ.get(REFRESH_ENV, "")
    try:
        value = float(raw) if raw.strip() else DEFAULT_REFRESH_SECONDS
    except ValueError:
        return DEFAULT_REFRESH_SECONDS
    return max(0.0, value)


def status_text(status: str | None, mastery_percent: int | None = None) -> Text:
    """ "◔ En cours de test", "◑ En attente d'envoi", "● 72 %" (the rate once shared)."""
    icon, words = STATUS_WORDS.get(status or "", ("?", status or "Inconnu"))
    if status == SHARED and mastery_percent is not None:
        words = f"{mastery_percent} %"
    return Text.assemble((icon, "bold"), " ", words)


def percent(rate: float | None) -> str:
    """A 0..1 rate as Pix Orga prints it ("36 %"), "—" when unknown."""
    if rate is None:
        return "—"
    return f"{int(rate * 100 + 0.5)} %"


def rate_bar(rate: float | None, width: int = 20) -> Text:
    """A bar of blocks and the number ("████░░░  36 %")."""
    return text_bar(None if rate is None else rate * 100, width)


def french_date(moment: datetime | None) -> str:
    return moment.strftime("%d/%m/%Y") if moment is not None else "—"


def decimal(value: float | None) -> str:
    """ "15,5" (French decimal comma), "—" when unknown."""
    if value is None:
        return "—"
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def daily_counts(cumulative: list[DayCount]) -> list[tuple[str, int]]:
    """New participations per day from a cumulative series (days without activity skipped)."""
    result: list[tuple[str, int]] = []
    before = 0
    for point in cumulative:
        result.append((point.day.strftime("%d/%m"), max(0, point.count - before)))
        before = point.count
    return result


def sparkline(values: list[int], width: int) -> str:
    """The last `width` values as one line of eighth blocks (scaled to the largest)."""
    shown = values[-width:] if width > 0 else []
    top = max(shown, default=0)
    if top <= 0:
        return "▁" * len(shown)
    return "".join(SPARK[max(1, round(value * 8 / top))] if value else "▁" for value in shown)
