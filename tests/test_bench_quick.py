"""The benchmarks still run: `python -m bench --quick` measures every figure and prints the table.

Benchmarks are not timed tests: this only checks that nothing is broken (a missed target is a
result, an ERREUR row is a failure). It takes about two minutes: deselect it with
`-m "not bench"`. The two bench tools a figure's honesty rests on (the slow link and the
screen emulator) are checked on their own, quickly.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.proxy import Counters, ThrottlingProxy
from bench.screen import Screen

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.bench
def test_quick_bench_measures_every_figure() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-5000:]
    lines = done.stdout.splitlines()
    assert any(line.startswith("| figure") and "verdict" in line for line in lines)
    for figure in range(1, 9):
        assert any(line.startswith(f"| {figure} ") for line in lines), f"figure {figure} missing"
    assert "ERREUR" not in done.stdout


async def _echo_through_proxy(rate: float, delay: float, payload: bytes) -> tuple[float, Counters]:
    async def echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        data = await reader.readexactly(len(payload))
        writer.write(data)
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(echo, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        async with ThrottlingProxy("127.0.0.1", port, rate=rate, delay=delay, lifetime=30) as proxy:
            reader, writer = await asyncio.open_connection("127.0.0.1", proxy.port)
            started = time.perf_counter()
            writer.write(payload)
            await writer.drain()
            echoed = await asyncio.wait_for(reader.readexactly(len(payload)), 20)
            elapsed = time.perf_counter() - started
            writer.close()
            assert echoed == payload
            await asyncio.sleep(0.05)
            return elapsed, proxy.counters
    finally:
        server.close()


def test_slow_link_costs_its_round_trips_and_its_rate() -> None:
    # 4,000 bytes each way at 8,000 B/s: 0.5 s per direction, plus the handshake's round
    # trip and one delay each way (0.1 s each).
    elapsed, counters = asyncio.run(_echo_through_proxy(8000, 0.1, b"x" * 4000))
    assert 1.3 <= elapsed < 2.5
    assert counters.bytes_up == 4000
    assert counters.bytes_down == 4000


def test_slow_link_counts_http_requests_cut_between_reads() -> None:
    request = b"GET /api/assessments/42 HTTP/1.1\r\nHost: x\r\n\r\n"
    elapsed, counters = asyncio.run(_echo_through_proxy(0, 0.0, request))
    assert elapsed < 1
    assert counters.requests == ["GET /api/assessments/42"]


def test_screen_keeps_what_is_on_screen_now() -> None:
    screen = Screen(20, 3)
    painted = "\x1b[2;3H\x1b[1;38;2;1;2;3mPréparation…\x1b[0m\x1b[?1003h".encode()
    # Written in pieces cut inside an escape sequence and inside a UTF-8 character.
    for start, end in ((0, 4), (4, 20), (20, 23), (23, len(painted))):
        screen.feed(painted[start:end])
    assert screen.contains("Préparation…")
    assert screen.mouse_tracking
    screen.feed(b"\x1b[2;1H\x1b[2K\x1b[3;1HJe valide")
    assert not screen.contains("Préparation")
    assert screen.text().splitlines()[2] == "Je valide"
