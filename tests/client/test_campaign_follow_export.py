"""Saving an export: progress as the bytes arrive, and never a half-written file.

The server is the real one; a transport re-cuts its CSV into small chunks and, for fault
injection only, drops the connection in the middle.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from api_client import Campaign, NetworkError, PixClient
from api_client.exports import (
    CsvRecordCounter,
    export_target,
    file_name_from_disposition,
    safe_file_name,
)
from server.app import create_app

PASSWORD = "Pix12345"
CHUNK = 1000


class _Body(httpx.AsyncByteStream):
    def __init__(self, body: bytes, *, fail_after: int | None) -> None:
        self.body = body
        self.fail_after = fail_after

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for index, start in enumerate(range(0, len(self.body), CHUNK)):
            if index == self.fail_after:
                raise httpx.ReadError("connection reset by peer")
            yield self.body[start : start + CHUNK]


class Rechunking(httpx.AsyncBaseTransport):
    """The CSV in chunks of 1,000 bytes, with its length, or cut after `fail_after` chunks."""

    def __init__(self, inner: httpx.AsyncBaseTransport, *, fail_after: int | None = None) -> None:
        self.inner = inner
        self.fail_after = fail_after

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if "/csv-" not in request.url.path:
            return response
        body = b"".join([chunk async for chunk in response.aiter_raw()])
        headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
        headers["Content-Length"] = str(len(body))
        return httpx.Response(
            response.status_code,
            headers=headers,
            stream=_Body(body, fail_after=self.fail_after),
            request=request,
        )


@pytest.fixture
async def server_app(seeded_url: str) -> AsyncIterator[FastAPI]:
    app = create_app(seeded_url)
    yield app
    await app.state.database.dispose()


@pytest.fixture
def make_client(server_app: FastAPI) -> Callable[..., PixClient]:
    def make(fail_after: int | None = None) -> PixClient:
        inner = httpx.ASGITransport(app=server_app)
        return PixClient("http://pix.localhost", transport=Rechunking(inner, fail_after=fail_after))

    return make


async def _rentree(client: PixClient) -> Campaign:
    await client.login("prof@example.net", PASSWORD)
    prescriber = await client.orga.prescriber()
    for organization in prescriber.organizations:
        async for campaign in client.campaigns.iterate(organization.id):
            if campaign.code == "RENTRE123":
                return campaign
    raise AssertionError("RENTRE123")


async def test_progress_follows_the_bytes(make_client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    async with make_client() as client:
        campaign = await _rentree(client)
        calls: list[tuple[int, int | None]] = []
        result = await client.campaign_follow.export_csv(
            campaign, tmp_path / "rentree.csv", on_progress=lambda *args: calls.append(args)
        )

    size = result.path.stat().st_size
    assert result.bytes == size
    assert len(calls) == -(-size // CHUNK)  # one call per chunk received
    assert [done for done, _ in calls] == [min((i + 1) * CHUNK, size) for i in range(len(calls))]
    assert {total for _, total in calls} == {size}  # the length was known
    assert result.rows == 14


async def test_a_broken_download_leaves_nothing_behind(make_client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "rentree.csv"
    target.write_text("the export of yesterday", encoding="utf-8")
    async with make_client(fail_after=2) as client:
        campaign = await _rentree(client)
        calls: list[int] = []
        with pytest.raises(NetworkError):
            await client.campaign_follow.export_csv(
                campaign, target, on_progress=lambda done, _: calls.append(done)
            )

    assert calls == [CHUNK, 2 * CHUNK]  # it had started
    assert target.read_text(encoding="utf-8") == "the export of yesterday"
    assert [path.name for path in folder.iterdir()] == ["rentree.csv"]  # no temporary file


async def test_a_cancelled_download_leaves_nothing_behind(make_client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    class Cancelled(Exception):
        pass

    def cancel(done: int, _: int | None) -> None:
        if done > CHUNK:
            raise Cancelled

    folder = tmp_path / "exports"
    folder.mkdir()
    async with make_client() as client:
        campaign = await _rentree(client)
        with pytest.raises(Cancelled):
            await client.campaign_follow.export_csv(campaign, folder, on_progress=cancel)
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(
    ("header", "name"),
    [
        (
            'attachment; filename="Resultats-Num_rique-1.csv"; '
            "filename*=UTF-8''Resultats-Num%C3%A9rique%20%E2%80%93%201.csv",
            "Resultats-Numérique – 1.csv",
        ),
        ('attachment; filename="Resultats-1-2025.csv"', "Resultats-1-2025.csv"),
        ('attachment; filename="a \\"b\\".csv"', 'a "b".csv'),
        ("attachment; filename=plain.csv", "plain.csv"),
        ("attachment", None),
        (None, None),
    ],
)
def test_the_proposed_file_name(header: str | None, name: str | None) -> None:
    assert file_name_from_disposition(header) == name


def test_a_proposed_name_stays_in_the_folder(tmp_path: Path) -> None:
    assert safe_file_name("../../etc/passwd", "x.csv") == "_.._etc_passwd"
    assert safe_file_name("..", "x.csv") == "x.csv"
    assert safe_file_name("a\nb\x00.csv", "x.csv") == "a_b_.csv"
    long = safe_file_name("R" * 300 + ".csv", "x.csv")
    assert len(long) == 200 and long.endswith(".csv")
    assert export_target(tmp_path, "../evil.csv", "x.csv").parent == tmp_path
    assert export_target(tmp_path / "mine.csv", "other.csv", "x.csv") == tmp_path / "mine.csv"


def test_lines_are_counted_across_chunks_and_quoted_line_breaks() -> None:
    counter = CsvRecordCounter()
    for chunk in (b'"h1";"h2"\n"a', b' b";1\n"multi\n', b'line";2\n"q""', b'uote";3\n'):
        counter.feed(chunk)
    assert (counter.lines, counter.rows) == (4, 3)
