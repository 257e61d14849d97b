"""A Pix profile in text: the score out of 1024 and the 16 competences grouped by area.

Levels are written as numbers ("Niveau 3") with a small gauge of the pix earned in the
level: nothing rides on colour.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from api_client import Scorecard
from tui.widgets.safe_text import clean

DEFAULT_MAX_PIX = 1024
NOT_STARTED = "NOT_STARTED"


def pix_score_text(pix_score: int | None, max_pix: int | None) -> Text:
    """The score as Pix shows it: "Score Pix : 57 / 1024"."""
    text = Text("Score Pix : ")
    text.append(f"{pix_score or 0}", style="bold")
    text.append(f" / {max_pix or DEFAULT_MAX_PIX}")
    return text


def level_text(card: Scorecard) -> str:
    """The level as words ("Niveau 3 · 29 pix"), or "Pas encore testée"."""
    if card.status == NOT_STARTED and not card.earned_pix:
        return "Pas encore testée"
    return f"Niveau {card.level or 0} · {card.earned_pix or 0} pix"


def _index_key(card: Scorecard) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in (card.index or "").split("."))
    except ValueError:
        return (99,)


def grouped_by_area(cards: Iterable[Scorecard]) -> list[tuple[str, list[Scorecard]]]:
    """The competences under their area ("1. Information et données"), in framework order."""
    groups: list[tuple[str, list[Scorecard]]] = []
    for card in sorted(cards, key=_index_key):
        area = card.area
        title = f"{clean(area.code)}. {clean(area.title)}" if area is not None else "Autres"
        if not groups or groups[-1][0] != title:
            groups.append((title, []))
        groups[-1][1].append(card)
    return groups


class ScorecardList(Vertical):
    """The competences by area, one row each: name on the left, level on the right."""

    DEFAULT_CSS = """
    ScorecardList {
        height: auto;
    }
    ScorecardList .area-title {
        text-style: bold;
        margin-top: 1;
    }
    ScorecardList .scorecard-row {
        height: auto;
    }
    ScorecardList .scorecard-name {
        width: 1fr;
        padding: 0 2 0 2;
    }
    ScorecardList .scorecard-level {
        width: 22;
    }
    ScorecardList .-not-started {
        color: $text-muted;
    }
    """

    def show(self, cards: Iterable[Scorecard]) -> None:
        """Replace the rows with these scorecards."""
        self.remove_children()
        widgets: list[Static | Horizontal] = []
        for title, group in grouped_by_area(cards):
            widgets.append(Static(Text(title.upper()), classes="area-title"))
            for card in group:
                muted = " -not-started" if not card.earned_pix else ""
                widgets.append(
                    Horizontal(
                        Static(
                            Text(f"{clean(card.index)} {clean(card.name)}"),
                            classes="scorecard-name" + muted,
                        ),
                        Static(Text(level_text(card)), classes="scorecard-level" + muted),
                        classes="scorecard-row",
                    )
                )
        if not widgets:
            widgets.append(Static("Aucune compétence."))
        self.mount_all(widgets)
