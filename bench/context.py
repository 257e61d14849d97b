"""What the figures of one bench run share: quick or full, a scratch folder, the databases,
and the private user folder of the pix-tui processes (its demo database is made once)."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.servers import DatabaseFactory, Kind, ServerProcess


@dataclass
class BenchContext:
    quick: bool
    folder: Path
    databases: DatabaseFactory = field(init=False)
    cache: dict[str, object] = field(default_factory=dict)
    """Measurements several figures share (e.g. the pix-tui sessions of figures 2 and 7)."""
    _tui_home_ready: bool = field(default=False, init=False)
    _servers: dict[str, ServerProcess] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self.databases = DatabaseFactory(self.folder)

    def note(self, message: str) -> None:
        """A progress line on stderr (the table goes to stdout)."""
        print(f"bench :   {message} [{time.strftime('%H:%M:%S')}]", file=sys.stderr, flush=True)

    def pick(self, quick: int, full: int) -> int:
        """A count (runs, samples, seconds) for this kind of run."""
        return quick if self.quick else full

    @property
    def tui_home(self) -> Path:
        """The user folder of the embedded-demo pix-tui runs, its demo database prepared
        (by one first start), so that every figure sees the everyday start."""
        home = self.folder / "tui-home"
        if not self._tui_home_ready:
            from bench.tui_session import TuiSession

            home.mkdir(exist_ok=True)
            with TuiSession(home) as tui:
                tui.wait_ready(timeout=120)
            self._tui_home_ready = True
        return home

    def fresh_tui_home(self, name: str) -> Path:
        """Another user folder for pix-tui runs against a served server (no demo in it)."""
        home = self.folder / f"tui-{name}"
        home.mkdir(exist_ok=True)
        return home

    def shared_server(self, kind: Kind) -> ServerProcess:
        """A `pix-server serve` (1 worker, SQLite) on a fresh `kind` database, started on
        first use and shared by the figures that only read it or add their own user's data
        (stopped by `close`)."""
        server = self._servers.get(kind)
        if server is None:
            url = self.databases.fresh("sqlite", kind)
            server = ServerProcess(url, log_path=self.folder / f"serve-shared-{kind}.log")
            server.start()
            self._servers[kind] = server
        return server

    def close(self) -> None:
        for server in self._servers.values():
            server.stop()
        self._servers.clear()
        self.databases.close()
