"""Figure 1: start-up of `pix-tui` (embedded demo) to its first painted screen, and peak RSS,
against the minimal Textual app started the same way, alternating runs in one process."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.pty_driver import PtyRun

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class StartupResult:
    label: str
    seconds: float
    rss_mib: float


# After the first frame pix-tui loads the embedded server in the background; the RSS figure
# is also taken once that is done, so that it does not flatter the app.
SETTLE_AFTER_PAINT = 3.0


def _once(
    argv: list[str], marker: str, env: dict[str, str], settle: float = 0.0
) -> tuple[float, float]:
    run = PtyRun(argv, env=env)
    run.start()
    seconds = run.wait_for(marker, timeout=60)
    if settle:
        run.settle(quiet=settle, timeout=settle * 2)
    rss_kib = run.stop()
    return seconds, rss_kib / 1024


def measure(runs: int = 5) -> list[StartupResult]:
    with tempfile.TemporaryDirectory() as home:
        # A private data dir: the demo database is created by a warm-up run, so that the
        # figure is the everyday start, not the one-off first-run migration.
        env = dict(os.environ, XDG_DATA_HOME=home, XDG_CONFIG_HOME=home, XDG_STATE_HOME=home)
        python = sys.executable
        pix_tui = [python, "-m", "tui", "--no-store"]
        minimal = [python, str(ROOT / "bench" / "minimal_app.py")]
        commands = {
            "pix-tui (démo embarquée), 1er écran": (pix_tui, "Je me connecte", 0.0),
            "pix-tui, serveur embarqué chargé": (pix_tui, "Je me connecte", SETTLE_AFTER_PAINT),
            "Textual minimal (1 Static)": (minimal, "Application minimale", 0.0),
        }
        for argv, marker, _settle in commands.values():
            _once(argv, marker, env)
        samples: dict[str, list[tuple[float, float]]] = {label: [] for label in commands}
        for _ in range(runs):
            for label, (argv, marker, settle) in commands.items():
                samples[label].append(_once(argv, marker, env, settle))
    return [
        StartupResult(
            label,
            statistics.median(s for s, _ in values),
            statistics.median(r for _, r in values),
        )
        for label, values in samples.items()
    ]


if __name__ == "__main__":
    for result in measure():
        print(f"{result.label:30} {result.seconds:6.3f} s  {result.rss_mib:6.1f} MiB")
