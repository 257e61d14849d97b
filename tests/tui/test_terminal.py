"""The real `pix-tui` process in a pseudo-terminal: what happens when the SSH link drops."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest

from bench.pty_driver import PtyRun

API_URL_ENV = "PIX_API_URL"

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX terminals only")


def _isolated_env(tmp_path: Path, database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PIX_DATABASE_URL=database_url,
        PIX_TUI_TOKEN_STORE="memory",
        # The log file and anything else platformdirs points at stay in the test's folder.
        XDG_STATE_HOME=str(tmp_path / "state"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
    )
    env.pop(API_URL_ENV, None)
    return env


def test_dropped_terminal_ends_the_app_cleanly(tmp_path: Path, demo_database_url: str) -> None:
    """Closing the terminal (what sshd does when the link drops) exits at once with 129.

    SIGHUP is ignored in the parent, as under `nohup` or some session managers: the default
    action would not kill the app, only its own handler can end it. Without that handler the
    app would keep running on a dead terminal.
    """
    run = PtyRun([sys.executable, "-m", "tui"], env=_isolated_env(tmp_path, demo_database_url))
    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        run.start()
    finally:
        signal.signal(signal.SIGHUP, previous)
    try:
        run.wait_for("Connectez-vous", timeout=30)
        cpu_before = _cpu_when_idle(run)
        os.close(run.fd)  # the terminal goes away: the kernel sends SIGHUP to the app
        run.fd = -1
        deadline = time.monotonic() + 10
        status = None
        while time.monotonic() < deadline:
            pid, status, usage = os.wait4(run.pid, os.WNOHANG)
            if pid:
                break
            time.sleep(0.05)
        else:
            pytest.fail("pix-tui still runs 10 s after its terminal was closed")
        assert os.waitstatus_to_exitcode(status) == 129
        if cpu_before is not None:
            # A clean exit, not a spin: well under a second of CPU after the hang-up.
            assert usage.ru_utime + usage.ru_stime - cpu_before < 1.0
    finally:
        try:
            os.kill(run.pid, signal.SIGKILL)
            os.waitpid(run.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a running process (Linux /proc), None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def _cpu_when_idle(run: PtyRun, timeout: float = 20.0) -> float | None:
    """Wait until the app is idle (backend ready, screen painted); its CPU time then."""
    deadline = time.monotonic() + timeout
    previous = _cpu_seconds(run.pid)
    while previous is not None and time.monotonic() < deadline:
        run.settle(quiet=0.3)
        current = _cpu_seconds(run.pid)
        if current is not None and current - previous < 0.03:
            return current
        previous = current
    return previous
