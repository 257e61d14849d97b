"""`uv run python -m bench [--quick] [--only N ...]`: every figure of issue 7, with its baseline,
in one run, printed as one table (figure, measured, baseline, target, verdict).

A missed target is a result, not a failure: the exit status is 1 only when a figure could not
be measured at all (its row says ERREUR). "non disponible" rows name what is missing (a
route not written yet, no PostgreSQL configured). Progress goes to stderr, the table to
stdout. Everything runs on loopback; every loop is bounded in count and time.
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import os
import platform
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from bench.context import BenchContext
from bench.servers import POSTGRES_ENV
from bench.table import ERROR, Row, failed, render

# figure number → (what it measures, module, function returning its rows)
FIGURES: dict[int, tuple[str, str, str]] = {
    1: ("démarrage et RSS contre une app Textual minimale", "bench.startup", "rows"),
    2: ("octets écrits au terminal (80×24)", "bench.terminal_bytes", "figure2_rows"),
    3: ("cycle de réponse élève sur liaison lente", "bench.answer_cycle", "rows"),
    4: ("écrans enseignant sur liaison lente", "bench.teacher_screens", "rows"),
    5: ("débit du serveur, élèves simultanés", "bench.throughput", "rows"),
    6: ("grande organisation : temps serveur, requêtes SQL, export CSV", "bench.large_org", "rows"),
    7: (
        "octets par thème et mode d'entrée, balayage souris",
        "bench.terminal_bytes",
        "figure7_rows",
    ),
    8: ("mémoire d'une session enseignant en paginant", "bench.memory", "rows"),
}


def _figures(value: str) -> list[int]:
    try:
        numbers = [int(part) for part in value.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"numéros de figure attendus (1 à 8) : {value!r}"
        ) from None
    unknown = [n for n in numbers if n not in FIGURES]
    if unknown or not numbers:
        raise argparse.ArgumentTypeError(f"figure inconnue : {unknown or value!r} (1 à 8)")
    return numbers


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Bancs d'essai de pix-tui : chaque mesure à côté de sa référence.",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="version courte (moins d'échantillons ; vérifie que tout tourne)",
    )
    parser.add_argument(
        "--only",
        type=_figures,
        action="extend",
        metavar="N",
        help="seulement ces figures (répétable, ou 2,7)",
    )
    return parser.parse_args(argv)


def load_average() -> str:
    """The 1-minute load average: other processes on the machine skew every timing."""
    try:
        return Path("/proc/loadavg").read_text().split()[0].replace(".", ",")
    except OSError:
        return "?"


def machine_lines(quick: bool, load_before: str) -> list[str]:
    memory_kib = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_kib = int(line.split()[1])
    except OSError:
        pass
    postgres = os.environ.get(POSTGRES_ENV)
    where = postgres.rsplit("@", 1)[-1] if postgres else f"absent ({POSTGRES_ENV} non défini)"
    return [
        f"pix-tui — bancs d'essai ({'--quick' if quick else 'complet'}), "
        f"{datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"machine : {os.cpu_count()} cœurs (nproc {len(os.sched_getaffinity(0))}), "
        f"{memory_kib / 1024 / 1024:.1f} Gio de mémoire, {platform.system()} {platform.release()}, "
        f"{platform.python_implementation()} {platform.python_version()}",
        f"PostgreSQL : {where}",
        f"charge moyenne (1 min) : {load_before} au départ, {load_average()} à la fin "
        f"(au-delà de {os.cpu_count()}, d'autres processus ont pris du temps aux mesures)",
    ]


def run_figure(number: int, ctx: BenchContext) -> list[Row]:
    title, module_name, function_name = FIGURES[number]
    try:
        module = importlib.import_module(module_name)
        rows_of: Callable[[BenchContext], list[Row]] = getattr(module, function_name)
        return rows_of(ctx)
    except Exception as error:  # one broken figure must not hide the others
        traceback.print_exc(file=sys.stderr)
        screen = getattr(error, "screen", None)
        if screen:
            print(f"bench : l'écran de pix-tui à ce moment :\n{screen}", file=sys.stderr)
        return [failed(f"{number} {title}", error)]


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    numbers = sorted(set(args.only or FIGURES))
    rows: list[Row] = []
    durations: list[str] = []
    load_before = load_average()
    with tempfile.TemporaryDirectory(prefix="pix-bench-") as folder:
        ctx = BenchContext(quick=args.quick, folder=Path(folder))
        try:
            for number in numbers:
                print(
                    f"bench : figure {number} — {FIGURES[number][0]}…", file=sys.stderr, flush=True
                )
                started = time.perf_counter()
                rows += run_figure(number, ctx)
                durations.append(f"{number} : {time.perf_counter() - started:.0f} s")
        finally:
            ctx.close()
    print(render(rows, title=machine_lines(args.quick, load_before)))
    print(f"\ndurées : {', '.join(durations)}")
    return 1 if any(row.verdict == ERROR for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
