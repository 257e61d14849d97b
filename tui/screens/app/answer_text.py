"""An answer as the student reads it back: the option texts, the fields filled in, and the
verdict in words (never only a colour, never only a sign)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from api_client.models.app import QCM, QCU, QROC
from api_client.proposals import SKIP_VALUE, InputBlock, TextBlock, qrocm_values_of
from tui.widgets.safe_text import clean

if TYPE_CHECKING:
    from api_client import Challenge


@dataclass(frozen=True, slots=True)
class Verdict:
    """How an answer went: a sign, a word, and the heading of its correction."""

    sign: str
    words: str
    heading: str
    success: bool


_VERDICTS = {
    "ok": Verdict("✓", "Réponse correcte", "Vous avez la bonne réponse !", True),
    "ko": Verdict("✗", "Réponse incorrecte", "Vous n'avez pas la bonne réponse", False),
    "aband": Verdict("✗", "Question passée", "Vous n'avez pas donné de réponse", False),
    "timedout": Verdict(
        "✗", "Temps dépassé", "Vous n'avez pas répondu dans le temps imparti", False
    ),
    "focusedOut": Verdict("✗", "Sortie de la question", "Vous êtes sorti(e) de la question", False),
    "partially": Verdict(
        "✗", "Réponse partielle", "Votre réponse est partiellement correcte", False
    ),
}
_UNKNOWN = Verdict("?", "Non corrigée", "Cette réponse n'a pas été corrigée", False)


def verdict(result: str | None) -> Verdict:
    """The verdict of an answer `result` (ok, ko, aband, timedout…)."""
    return _VERDICTS.get(result or "", _UNKNOWN)


def readable_answer(challenge: Challenge, value: str | None) -> str:
    """What the student answered, in words: options chosen, or the fields as filled in."""
    if value is None or value == SKIP_VALUE:
        return "Aucune réponse (question passée)."
    if not value:
        return "Aucune réponse."
    if challenge.type in (QCU, QCM):
        options = challenge.options
        chosen = []
        for item in value.split(","):
            item = item.strip()
            if item.isdigit() and 0 < int(item) <= len(options):
                chosen.append(clean(options[int(item) - 1]))
        if not chosen:
            return clean(value)
        return chosen[0] if len(chosen) == 1 else "\n".join(f"• {text}" for text in chosen)
    if challenge.type == QROC:
        return clean(value)
    typed = qrocm_values_of(value)
    return filled_in(challenge, typed) if typed else clean(value)


def filled_in(challenge: Challenge, values: dict[str, str]) -> str:
    """The proposals text with each field replaced by «what was typed»."""
    lines: list[str] = []
    current = ""
    for block in challenge.blocks:
        if isinstance(block, TextBlock):
            parts = block.text.split("\n")
            current += parts[0]
            for part in parts[1:]:
                lines.append(current)
                current = part
        elif isinstance(block, InputBlock):
            current += f"« {values.get(block.key, '').strip() or '…'} »"
    lines.append(current)
    return clean("\n".join(line.strip() for line in lines if line.strip()))
