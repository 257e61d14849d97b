"""Figure 1: start-up of `pix-tui` (embedded demo) to its first painted screen, and peak RSS,
against the minimal Textual app started the same way, alternating runs in one process.

Both run in a pseudo-terminal 80×24 with the same environment; the demo database is already
prepared (a warm-up start made it), so the figure is the everyday start, not the one-off
first-run migration. Medians of `runs` starts.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from bench.context import BenchContext
from bench.pty_driver import PtyRun
from bench.table import Row, mib, ratio, seconds, verdict
from bench.tui_session import LOGIN_MARKER, PREPARING, tui_env

ROOT = Path(__file__).resolve().parent.parent
MINIMAL_MARKER = "Application minimale"
TARGET_RATIO = 1.5


@dataclass
class StartupResult:
    label: str
    seconds: float
    rss_mib: float


@dataclass
class _Sample:
    seconds: float
    rss_kib: int


def minimal_app_argv() -> list[str]:
    return [sys.executable, str(ROOT / "bench" / "minimal_app.py")]


def pix_tui_argv() -> list[str]:
    return [sys.executable, "-m", "tui", "--no-store"]


def _once(argv: list[str], marker: str, home: Path, *, until_backend: bool = False) -> _Sample:
    run = PtyRun(argv, env=tui_env(home))
    run.start()
    try:
        painted = run.wait_for(marker, timeout=60)
        if until_backend:
            # After the first frame pix-tui loads the embedded server in a thread; this
            # figure waits for it, so that the RSS does not flatter the app.
            painted = run.wait_gone(PREPARING, timeout=60)
            run.settle(0.3, 3.0)
    finally:
        rss = run.stop()
    return _Sample(painted, rss)


def measure_samples(home: Path, runs: int) -> dict[str, list[_Sample]]:
    commands = {
        "pix-tui": (pix_tui_argv(), LOGIN_MARKER, False),
        "pix-tui loaded": (pix_tui_argv(), LOGIN_MARKER, True),
        "minimal": (minimal_app_argv(), MINIMAL_MARKER, False),
    }
    # Warm-up: the page cache of both programs, and the demo database (made on first start).
    _once(pix_tui_argv(), LOGIN_MARKER, home, until_backend=True)
    _once(minimal_app_argv(), MINIMAL_MARKER, home)
    samples: dict[str, list[_Sample]] = {label: [] for label in commands}
    for _ in range(runs):
        for label, (argv, marker, until_backend) in commands.items():
            samples[label].append(_once(argv, marker, home, until_backend=until_backend))
    return samples


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def rows(ctx: BenchContext) -> list[Row]:
    runs = ctx.pick(2, 7)
    samples = measure_samples(ctx.tui_home, runs)

    def time_of(label: str) -> float:
        return _median([s.seconds for s in samples[label]])

    def rss_of(label: str) -> float:
        return _median([float(s.rss_kib) for s in samples[label]])

    base_time, base_rss = time_of("minimal"), rss_of("minimal")
    first_time, first_rss = time_of("pix-tui"), rss_of("pix-tui")
    ready_time, ready_rss = time_of("pix-tui loaded"), rss_of("pix-tui loaded")
    baseline_time = f"{seconds(base_time)} (Textual minimal)"
    baseline_rss = f"{mib(base_rss)} (Textual minimal)"
    factor = f"{TARGET_RATIO:g}".replace(".", ",")
    time_target = f"≤ {factor}× ({seconds(base_time * TARGET_RATIO)})"
    rss_target = f"≤ {factor}× ({mib(base_rss * TARGET_RATIO)})"
    return [
        Row(
            f"1 Démarrage pix-tui → 1er écran (médiane de {runs})",
            f"{seconds(first_time)} ({ratio(first_time, base_time)})",
            baseline_time,
            time_target,
            verdict(first_time <= TARGET_RATIO * base_time),
        ),
        Row(
            "1 RSS crête, arrêt au 1er écran",
            f"{mib(first_rss)} ({ratio(first_rss, base_rss)})",
            baseline_rss,
            rss_target,
            verdict(first_rss <= TARGET_RATIO * base_rss),
        ),
        Row(
            "1 RSS crête, démo embarquée chargée",
            f"{mib(ready_rss)} ({ratio(ready_rss, base_rss)}), prête à {seconds(ready_time)}",
            baseline_rss,
            rss_target,
            verdict(ready_rss <= TARGET_RATIO * base_rss),
        ),
    ]


def measure(runs: int = 5) -> list[StartupResult]:
    """The three medians on a temporary user folder (for `python -m bench.startup`)."""
    import tempfile

    with tempfile.TemporaryDirectory() as home:
        samples = measure_samples(Path(home), runs)
    labels = {
        "pix-tui": "pix-tui (démo embarquée), 1er écran",
        "pix-tui loaded": "pix-tui, serveur embarqué chargé",
        "minimal": "Textual minimal (1 Static)",
    }
    return [
        StartupResult(
            labels[key],
            _median([s.seconds for s in values]),
            _median([s.rss_kib / 1024 for s in values]),
        )
        for key, values in samples.items()
    ]


if __name__ == "__main__":
    for result in measure():
        print(f"{result.label:36} {result.seconds:6.3f} s  {result.rss_mib:6.1f} MiB")
