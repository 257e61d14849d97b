"""Real `pix-server serve` processes on loopback, over fresh databases, for the benchmarks.

    databases = DatabaseFactory(folder)            # one per bench run
    url = databases.fresh("sqlite", "demo")        # or ("postgresql", "large")
    with ServerProcess(url, workers=2) as server:  # migrated, seeded, answering GET /
        ... server.base_url ...
    databases.close()                              # drops the PostgreSQL databases

Each kind of database ("demo": `pix-server migrate` then `seed --demo`; "large": a copy of
the demo, then `seed --large`) is built once per run through the CLI's own code, plus the
bench's own data (`bench.bench_data`); every `fresh` call then copies that template: SQLite
with the backup API, PostgreSQL with `CREATE DATABASE ... TEMPLATE`, well under a second.

PostgreSQL is used when PIX_TEST_POSTGRES_URL names a role allowed to CREATE DATABASE
(postgresql+asyncpg://pix:pix@127.0.0.1:5432/pix_test); otherwise `fresh("postgresql", ...)`
raises `Unavailable` and the figures say "non disponible".
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path
from types import TracebackType
from typing import Literal, Self
from urllib.parse import urlsplit, urlunsplit

import httpx

from bench import bench_data

Backend = Literal["sqlite", "postgresql"]
Kind = Literal["demo", "large"]

POSTGRES_ENV = "PIX_TEST_POSTGRES_URL"
ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 60.0
STOP_TIMEOUT = 15.0


class Unavailable(Exception):
    """What a figure needs is not there (no PostgreSQL configured...); the message says why."""


def server_env() -> dict[str, str]:
    """The environment of a server process: ours, minus a database URL that would win."""
    env = dict(os.environ)
    env.pop("PIX_DATABASE_URL", None)
    return env


def run_cli(*args: str) -> None:
    """`pix-server ARGS`, through the CLI's own `main` in this process (no interpreter to
    start), its output kept and shown only if it fails."""
    from server.cli import main as pix_server

    output = io.StringIO()
    saved = os.environ.pop("PIX_DATABASE_URL", None)
    try:
        with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
            status = pix_server(list(args))
    finally:
        if saved is not None:
            os.environ["PIX_DATABASE_URL"] = saved
    if status != 0:
        raise RuntimeError(f"pix-server {' '.join(args[:2])} failed: {output.getvalue()}")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def postgres_base_url() -> str | None:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        return None
    scheme, _, rest = url.partition("://")
    return f"postgresql+asyncpg://{rest}" if scheme in ("postgres", "postgresql") else url


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _asyncpg_dsn(url: str) -> str:
    return "postgresql://" + url.partition("://")[2]


async def _postgres_admin(url: str, *statements: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(_asyncpg_dsn(url), timeout=10)
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


def sqlite_copy(source: Path, destination: Path) -> None:
    # The backup API copies a consistent state, WAL content included.
    src = sqlite3.connect(source)
    dst = sqlite3.connect(destination)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


class DatabaseFactory:
    """Fresh, seeded databases for one bench run (see the module docstring)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._templates: dict[tuple[Backend, Kind], str] = {}
        self._postgres_databases: list[str] = []
        self._admin_url = postgres_base_url()
        self._postgres_error: str | None = None

    @property
    def has_postgres(self) -> bool:
        if self._admin_url is None:
            return False
        if self._postgres_error is None:
            try:
                asyncio.run(_postgres_admin(self._admin_url, "SELECT 1"))
                self._postgres_error = ""
            except Exception as error:  # unreachable server, wrong password...
                self._postgres_error = f"{type(error).__name__}: {error}"
        return not self._postgres_error

    def postgres_unavailable_reason(self) -> str:
        if self._admin_url is None:
            return f"{POSTGRES_ENV} absent"
        return f"PostgreSQL injoignable ({self._postgres_error})"

    def fresh(self, backend: Backend, kind: Kind) -> str:
        """The URL of a new database holding the `kind` data, for this caller alone."""
        template = self._template(backend, kind)
        if backend == "sqlite":
            path = self.folder / f"{kind}-{uuid.uuid4().hex[:8]}.db"
            sqlite_copy(Path(template), path)
            return f"sqlite+aiosqlite:///{path}"
        assert self._admin_url is not None
        name = self._new_postgres_name(kind)
        asyncio.run(
            _postgres_admin(self._admin_url, f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        )
        return _with_database(self._admin_url, name)

    def close(self) -> None:
        """Drop the PostgreSQL databases this factory created (SQLite files go with the folder)."""
        names, self._postgres_databases = self._postgres_databases, []
        if names and self._admin_url is not None:
            statements = [f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)' for name in names]
            try:
                asyncio.run(_postgres_admin(self._admin_url, *statements))
            except Exception as error:
                print(f"bench: could not drop {names}: {error}", file=sys.stderr)

    def _new_postgres_name(self, kind: str) -> str:
        name = f"pix_bench_{kind}_{uuid.uuid4().hex[:10]}"
        self._postgres_databases.append(name)
        return name

    def _template(self, backend: Backend, kind: Kind) -> str:
        """A file path (SQLite) or a database name (PostgreSQL), built on first use."""
        key = (backend, kind)
        if key in self._templates:
            return self._templates[key]
        # The large data is the demo plus 5,000 campaigns: it starts from the demo's template.
        base = self._template(backend, "demo") if kind == "large" else None
        if backend == "sqlite":
            path = self.folder / f"template-{kind}.db"
            if base is not None:
                sqlite_copy(Path(base), path)
            url = f"sqlite+aiosqlite:///{path}"
            self._build(url, kind, migrated=base is not None)
            self._templates[key] = str(path)
        else:
            if not self.has_postgres:
                raise Unavailable(self.postgres_unavailable_reason())
            assert self._admin_url is not None
            name = self._new_postgres_name(f"template_{kind}")
            copy = f' TEMPLATE "{base}"' if base is not None else ""
            asyncio.run(_postgres_admin(self._admin_url, f'CREATE DATABASE "{name}"{copy}'))
            self._build(_with_database(self._admin_url, name), kind, migrated=base is not None)
            self._templates[key] = name
        return self._templates[key]

    @staticmethod
    def _build(url: str, kind: Kind, *, migrated: bool) -> None:
        if not migrated:
            run_cli("migrate", "--database-url", url)
        run_cli("seed", f"--{kind}", "--database-url", url)
        bench_data.prepare(url, kind)


class ServerProcess:
    """`pix-server serve` on 127.0.0.1 and a free port; `with` starts it and stops it."""

    def __init__(
        self, database_url: str, *, workers: int = 1, log_path: Path | None = None
    ) -> None:
        self.database_url = database_url
        self.workers = workers
        self.port = free_port()
        self.log_path = log_path
        self._process: subprocess.Popen[bytes] | None = None
        self._log: object = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        if self._process is None:
            raise RuntimeError("the server is not running")
        return self._process.pid

    def start(self, timeout: float = START_TIMEOUT) -> None:
        log = open(self.log_path, "wb") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        self._log = log
        self._process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "server",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--workers",
                str(self.workers),
                "--database-url",
                self.database_url,
            ],
            cwd=ROOT,
            env=server_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            # Its own process group: stopping it also stops the workers uvicorn forked.
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"pix-server serve exited with {self._process.returncode}")
            try:
                if httpx.get(self.base_url + "/", timeout=1.0).status_code == 200:
                    self._wait_for_workers(deadline)
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise TimeoutError(f"pix-server did not answer GET / within {timeout} s")

    def _wait_for_workers(self, deadline: float) -> None:
        # With several workers the first answer comes from whichever is up first: wait until
        # every worker process exists and answers, so that the measurement starts warm.
        if self.workers < 2:
            return
        while time.monotonic() < deadline and len(self.worker_pids()) < self.workers:
            time.sleep(0.1)
        with httpx.Client(base_url=self.base_url, timeout=2.0) as client:
            for _ in range(self.workers * 4):
                client.get("/")

    def worker_pids(self) -> list[int]:
        """The processes that serve requests: the server itself, or uvicorn's workers."""
        if self.workers == 1:
            return [self.pid]
        children = Path(f"/proc/{self.pid}/task/{self.pid}/children")
        try:
            pids = [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []
        # Among the children, multiprocessing's resource tracker serves nothing.
        return sorted(pid for pid in pids if b"resource_tracker" not in _cmdline(pid))

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the serving processes have used so far."""
        return sum(process_cpu_seconds(pid) for pid in self.worker_pids())

    def rss_kib(self) -> int:
        """Resident memory of the serving processes, in KiB (0 once they are gone)."""
        return sum(process_rss_kib(pid) for pid in self.worker_pids())

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            # SIGINT is uvicorn's graceful shutdown (lifespan runs, connections are closed).
            os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(STOP_TIMEOUT)
        log, self._log = self._log, None
        if hasattr(log, "close"):
            log.close()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def process_cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # Fields 14 and 15 of /proc/PID/stat (utime, stime), counted after the ")" of comm.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def process_rss_kib(pid: int, field: str = "VmRSS") -> int:
    """A process's resident memory (or `VmHWM`, its peak) in KiB, 0 when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
