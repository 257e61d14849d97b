"""A throttling TCP proxy on loopback: a slow link (rate and one-way delay per direction)
between a client and a real server, counting the bytes each way and the HTTP requests.

    async with ThrottlingProxy("127.0.0.1", server_port, rate=8000, delay=0.150) as proxy:
        client = PixClient(proxy.url)   # talks to the server through the slow link
        ...
        proxy.reset_counters()
        ...                             # what to measure
        print(proxy.counters)

The link model: each direction is one shared line (all connections of the client share it,
as they share a real modem link). A chunk is sent when the line is free and takes
`len / rate` seconds to go through, then `delay` seconds to arrive; arrivals keep their order.
A new connection first costs one round trip (the TCP handshake). Only TCP payload is counted
and throttled: on a real link TCP/IP headers add ~40 bytes per packet.

Bounded: the proxy stops accepting and closes every connection after `lifetime` seconds.

By hand: `python -m bench.proxy --target 127.0.0.1:8000` in front of `pix-server serve`, then
`pix-tui --api-url` the address it prints.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import Coroutine
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self

# 64 kbit/s, 150 ms each way: a rural ADSL line on a bad day, a saturated school uplink.
SLOW_LINK_RATE = 64_000 // 8
SLOW_LINK_DELAY = 0.150
DEFAULT_LIFETIME = 600.0
CHUNK = 16 * 1024

# A request line at the start of a chunk or after the previous request's last line.
_REQUEST_LINE = re.compile(rb"(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (\S+) HTTP/1\.[01]\r\n")


@dataclass
class Counters:
    """What went through the proxy since the last reset."""

    bytes_up: int = 0  # client → server
    bytes_down: int = 0  # server → client
    connections: int = 0
    requests: list[str] = field(default_factory=list)  # "GET /api/..." in order

    @property
    def bytes_total(self) -> int:
        return self.bytes_up + self.bytes_down


class _Line:
    """One direction of the link: a shared line with a rate and a propagation delay."""

    def __init__(self, rate: float, delay: float) -> None:
        self.rate = rate
        self.delay = delay
        self._free_at = 0.0

    def arrival(self, size: int, sent_at: float) -> float:
        """When a chunk of `size` bytes handed to the line at `sent_at` arrives."""
        start = max(sent_at, self._free_at)
        self._free_at = start + (size / self.rate if self.rate > 0 else 0.0)
        return self._free_at + self.delay


class ThrottlingProxy:
    """Listens on 127.0.0.1 (a free port) and forwards to `target_host:target_port`.

    `rate` is in bytes per second per direction (0: unlimited); `delay` is the one-way
    delay in seconds (each direction). `up_rate`/`up_delay` override the client → server
    direction for asymmetric links.
    """

    def __init__(
        self,
        target_host: str,
        target_port: int,
        *,
        rate: float = SLOW_LINK_RATE,
        delay: float = SLOW_LINK_DELAY,
        up_rate: float | None = None,
        up_delay: float | None = None,
        lifetime: float = DEFAULT_LIFETIME,
        handshake: bool = True,
    ) -> None:
        self.target = (target_host, target_port)
        self._up = _Line(
            rate if up_rate is None else up_rate, delay if up_delay is None else up_delay
        )
        self._down = _Line(rate, delay)
        self.lifetime = lifetime
        self.handshake = handshake
        self.counters = Counters()
        self.port = 0
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._writers: set[asyncio.StreamWriter] = set()
        self._deadline_task: asyncio.Task[None] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def reset_counters(self) -> Counters:
        """Start counting afresh; returns what was counted until now."""
        counted, self.counters = self.counters, Counters()
        return counted

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        self._deadline_task = asyncio.create_task(self._expire())

    async def stop(self) -> None:
        if self._deadline_task is not None:
            self._deadline_task.cancel()
        if self._server is not None:
            self._server.close()
        for writer in list(self._writers):
            writer.close()
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._server is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 2.0)
            self._server = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    async def _expire(self) -> None:
        await asyncio.sleep(self.lifetime)
        if self._server is not None:
            self._server.close()
        for writer in list(self._writers):
            writer.close()

    def _spawn(self, coroutine: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        task = asyncio.create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _accept(
        self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter
    ) -> None:
        accepted_at = time.perf_counter()
        self.counters.connections += 1
        self._writers.add(client_writer)
        try:
            server_reader, server_writer = await asyncio.open_connection(*self.target)
        except OSError:
            client_writer.close()
            self._writers.discard(client_writer)
            return
        self._writers.add(server_writer)
        # SYN → SYN/ACK ←: the client's first byte leaves one round trip after it connected.
        opens_at = accepted_at + (self._up.delay + self._down.delay if self.handshake else 0.0)
        up = self._spawn(
            self._pump(client_reader, server_writer, self._up, opens_at, upstream=True)
        )
        down = self._spawn(
            self._pump(server_reader, client_writer, self._down, opens_at, upstream=False)
        )
        await asyncio.gather(up, down, return_exceptions=True)
        for writer in (client_writer, server_writer):
            writer.close()
            self._writers.discard(writer)

    async def _pump(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        line: _Line,
        opens_at: float,
        *,
        upstream: bool,
    ) -> None:
        # Reading and delivering are decoupled: the reader keeps taking data (as the sender's
        # socket buffer would) while the deliverer waits for each chunk's arrival time.
        queue: asyncio.Queue[tuple[float, bytes] | None] = asyncio.Queue()
        deliverer = self._spawn(self._deliver(queue, writer))
        tail = b""
        try:
            while True:
                chunk = await reader.read(CHUNK)
                if not chunk:
                    break
                if upstream:
                    self.counters.bytes_up += len(chunk)
                    tail = self._note_requests(tail + chunk)
                else:
                    self.counters.bytes_down += len(chunk)
                sent_at = max(time.perf_counter(), opens_at)
                queue.put_nowait((line.arrival(len(chunk), sent_at), chunk))
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            queue.put_nowait(None)
            with contextlib.suppress(Exception):
                await deliverer

    async def _deliver(
        self, queue: asyncio.Queue[tuple[float, bytes] | None], writer: asyncio.StreamWriter
    ) -> None:
        try:
            while (item := await queue.get()) is not None:
                arrival, chunk = item
                wait = arrival - time.perf_counter()
                if wait > 0:
                    await asyncio.sleep(wait)
                writer.write(chunk)
                await writer.drain()
            if writer.can_write_eof():
                writer.write_eof()
        except (ConnectionError, OSError):
            pass

    def _note_requests(self, data: bytes) -> bytes:
        """Record the request lines in `data`; returns the tail to prepend to the next chunk."""
        end = 0
        for match in _REQUEST_LINE.finditer(data):
            self.counters.requests.append(f"{match[1].decode()} {match[2].decode()}")
            end = match.end()
        rest = data[end:]
        # A request line cut between two chunks: keep the unfinished last line for the next read.
        cut = rest.rfind(b"\r\n")
        return (rest[cut + 2 :] if cut >= 0 else rest)[-512:]


async def _serve(target: str, rate: float, delay: float, lifetime: float) -> None:
    host, _, target_port = target.rpartition(":")
    proxy = ThrottlingProxy(
        host or "127.0.0.1", int(target_port), rate=rate, delay=delay, lifetime=lifetime
    )
    await proxy.start()
    print(
        f"liaison lente : {proxy.url} → {target} ({rate * 8 / 1000:g} kbit/s, "
        f"{delay * 1000:g} ms par sens), pendant {lifetime:g} s ; Ctrl+C pour arrêter",
        flush=True,
    )
    try:
        await asyncio.sleep(lifetime)
    finally:
        await proxy.stop()
        counted = proxy.counters
        print(
            f"{counted.connections} connexion(s), {len(counted.requests)} requête(s), "
            f"↑ {counted.bytes_up} o, ↓ {counted.bytes_down} o"
        )


def main() -> None:
    """`python -m bench.proxy --target 127.0.0.1:8000`: try pix-tui on a slow link by hand
    (`pix-tui --api-url` the address it prints)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench.proxy")
    parser.add_argument("--target", required=True, help="HÔTE:PORT du serveur (pix-server serve)")
    parser.add_argument("--rate", type=float, default=SLOW_LINK_RATE, help="octets/s par sens")
    parser.add_argument("--delay", type=float, default=SLOW_LINK_DELAY, help="délai d'un sens, s")
    parser.add_argument("--lifetime", type=float, default=3600.0, help="durée de vie, s")
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args.target, args.rate, args.delay, args.lifetime))


if __name__ == "__main__":
    main()
