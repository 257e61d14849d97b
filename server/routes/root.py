"""`GET /`: what this server is (the TUI checks it before talking to a custom server)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from fastapi import APIRouter

router = APIRouter()


def server_version() -> str:
    try:
        return version("pix-tui")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"


@router.get("/")
async def server_identity() -> dict[str, str]:
    return {"name": "pix-server", "version": server_version()}
