"""The one table the bench prints: figure, measured, baseline, target, verdict."""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

OK = "OK"
MISSED = "RATÉ"
INFO = "—"
UNAVAILABLE = "non disponible"
ERROR = "ERREUR"
HEADERS = ("figure", "mesuré", "référence", "cible", "verdict")


@dataclass(frozen=True)
class Row:
    figure: str
    measured: str
    baseline: str = INFO
    target: str = INFO
    verdict: str = INFO


def verdict(met: bool) -> str:
    return OK if met else MISSED


def unavailable(figure: str, reason: str) -> Row:
    return Row(figure, f"non disponible : {reason}", verdict=UNAVAILABLE)


def failed(figure: str, error: BaseException) -> Row:
    text = " ".join(str(error).split())[:160] or type(error).__name__
    return Row(figure, f"{type(error).__name__} : {text}", verdict=ERROR)


def kib(size: float) -> str:
    """Bytes as people read them: 744 o, 7,6 Ko, 1,2 Mo (1 Ko = 1024 o)."""
    if size < 1024:
        return f"{size:.0f} o"
    if size < 1024 * 1024:
        return _fr(f"{size / 1024:.1f}") + " Ko"
    return _fr(f"{size / 1024 / 1024:.1f}") + " Mo"


def seconds(value: float) -> str:
    if value < 1:
        return f"{value * 1000:.0f} ms"
    return _fr(f"{value:.2f}") + " s"


def mib(kib_value: float) -> str:
    return _fr(f"{kib_value / 1024:.1f}") + " Mio"


def ratio(value: float, base: float) -> str:
    return _fr(f"{value / base:.2f}") + "×" if base else "?"


def number(value: float, digits: int = 0) -> str:
    text = f"{value:,.{digits}f}".replace(",", "\u202f")
    return _fr(text)


def _fr(text: str) -> str:
    return text.replace(".", ",")


def median(values: Iterable[float]) -> float:
    return statistics.median(list(values))


def percentile(values: Sequence[float], fraction: float) -> float:
    """The `fraction` quantile (0.95 for p95), nearest-rank: a value that was observed."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def render(rows: Sequence[Row], *, title: Sequence[str] = ()) -> str:
    """A plain-text table (Markdown-compatible), one line per row."""
    cells = [HEADERS, *((r.figure, r.measured, r.baseline, r.target, r.verdict) for r in rows)]
    widths = [max(len(line[i]) for line in cells) for i in range(len(HEADERS))]

    def line(values: Sequence[str]) -> str:
        return "| " + " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)) + " |"

    out = [*title, ""] if title else []
    out.append(line(HEADERS))
    out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    out += [line(values) for values in cells[1:]]
    return "\n".join(out)
