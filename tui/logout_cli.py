"""`pix-tui --logout`: close the saved session without starting the interface.

The refresh tokens are revoked on the server (`PixClient.logout`, as "Se déconnecter" in the
app), then the local copy is deleted, whatever the server said: a user leaving a shared
machine must not leave a session behind because the network is down.

Exit codes: 0 done (or nothing was saved), 1 the local copy could not be deleted,
4 the local copy is deleted but the server could not revoke the token.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import TYPE_CHECKING

from tui.logs import file_logging

if TYPE_CHECKING:
    from tui.launcher import Launcher
    from tui.request_log import RequestLog

EXIT_DONE = 0
EXIT_LOCAL_FAILED = 1
EXIT_NOT_REVOKED = 4

REVOKE_PATH = "/api/revoke"


def run_logout(args: argparse.Namespace) -> int:
    """Revoke and forget the session saved for the server in effect (or the local demo)."""
    with file_logging(debug=getattr(args, "debug", False)):
        from api_client import TokenStoreError
        from tui.launcher import Launcher
        from tui.request_log import RequestLog

        request_log = RequestLog(keep=True)
        launcher = Launcher(api_url=args.api_url, request_log=request_log)
        where = "la démo locale" if launcher.embedded else f"le serveur {launcher.base_url}"
        try:
            store = launcher.open_token_store()
            saved = store.load(launcher.base_url)
        except TokenStoreError as error:
            print(f"La session enregistrée est illisible : {error}", file=sys.stderr)
            return EXIT_LOCAL_FAILED
        if saved is None:
            print(f"Aucune session enregistrée pour {where} ({store.description}).")
            return EXIT_DONE
        try:
            launcher.prepare()
        except Exception as error:  # the embedded demo could not start: still forget locally
            detail = (str(error).strip().splitlines() or [type(error).__name__])[0][:160]
            print(f"La démo locale n'a pas pu démarrer ({detail}).", file=sys.stderr)
        else:
            asyncio.run(_logout(launcher))
        problem: str | None = None
        try:
            store.delete(launcher.base_url)  # already done by logout(); a no-op then
            if store.load(launcher.base_url) is not None:
                problem = "elle est toujours présente"
        except TokenStoreError as error:
            problem = str(error)
        if problem is not None:
            print(
                f"La copie locale de la session ({store.description}) n'a pas pu être "
                f"supprimée : {problem}.",
                file=sys.stderr,
            )
            return EXIT_LOCAL_FAILED
        return _report(where, store.description, request_log)


async def _logout(launcher: Launcher) -> None:
    client = launcher.create_client()
    try:
        async with client:
            await client.logout()
    finally:
        await launcher.aclose()


def _report(where: str, store: str, request_log: RequestLog) -> int:
    revocations = [e for e in request_log.exchanges or () if e.path == REVOKE_PATH]
    refused = [e for e in revocations if e.status is None or not 200 <= e.status < 300]
    if revocations and not refused:
        print(
            f"Session fermée : le jeton a été révoqué par {where} "
            f"et la copie locale ({store}) a été supprimée."
        )
        return EXIT_DONE
    if not revocations:
        print(f"Session fermée : la copie locale ({store}) a été supprimée.")
        return EXIT_DONE
    failed = refused[0]
    reason = "ne répond pas" if failed.status is None else f"a refusé : HTTP {failed.status}"
    print(
        f"La copie locale de la session ({store}) a été supprimée, mais la révocation côté "
        f"serveur n'a pas pu être faite ({where} {reason} ; Réf. {failed.request_id}). "
        "Le jeton reste valable sur le serveur jusqu'à son expiration.",
        file=sys.stderr,
    )
    return EXIT_NOT_REVOKED
