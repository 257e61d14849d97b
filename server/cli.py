"""`pix-server`: run, migrate and seed the reference server.

    pix-server serve [--host 127.0.0.1] [--port 8000] [--workers N] [--database-url URL]
    pix-server migrate [--database-url URL]
    pix-server seed --demo [--database-url URL]
    pix-server seed --large [--database-url URL]   (the demo plus 5,000 campaigns)

The database URL defaults to $PIX_DATABASE_URL, then to the demo SQLite file.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from typing import Any

from server.config import DATABASE_URL_ENV, resolve_database_url

# How long an idle connection stays open. uvicorn's 5 s equals httpx's own expiry, so both ends
# dropped it at the same moment: a request sent right then met a reset (ReadError in the load
# bench). Longer than any client's expiry, the client always lets go first; and a student who
# thinks a minute over a question can keep the connection (no new TCP handshake, one round
# trip less on a slow link) once the client keeps it that long too.
KEEP_ALIVE_SECONDS = 65

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pix-server", description="Serveur de référence compatible Pix (API Orga/App/Admin)."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMANDE")

    def with_database(sub: argparse.ArgumentParser) -> argparse.ArgumentParser:
        sub.add_argument(
            "--database-url",
            help=f"URL SQLAlchemy de la base (défaut : ${DATABASE_URL_ENV}, sinon la base de démo)",
        )
        return sub

    serve = with_database(commands.add_parser("serve", help="lancer le serveur HTTP"))
    serve.add_argument("--host", default="127.0.0.1", help="adresse d'écoute (défaut : 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (défaut : 8000)")
    serve.add_argument("--workers", type=int, default=1, help="nombre de processus (défaut : 1)")
    with_database(commands.add_parser("migrate", help="mettre le schéma de la base à jour"))
    seed = with_database(commands.add_parser("seed", help="ajouter des données"))
    kinds = seed.add_mutually_exclusive_group(required=True)
    kinds.add_argument("--demo", action="store_true", help="les données de démonstration")
    kinds.add_argument(
        "--large",
        action="store_true",
        help="la démonstration plus une organisation de 5 000 campagnes (volume)",
    )
    return parser


def _print_error(message: str) -> None:
    print(f"pix-server : {message}", file=sys.stderr)


def _describe(url: str) -> str:
    # Never print a password that may be in the URL.
    scheme, _, rest = url.partition("://")
    credentials, at, location = rest.rpartition("@")
    if at and ":" in credentials:
        return f"{scheme}://{credentials.split(':', 1)[0]}:***@{location}"
    return url


def _migrate(url: str) -> int:
    from server.migrate import upgrade

    upgrade(url)
    print(f"Schéma à jour : {_describe(url)}")
    return EXIT_OK


def _seed(url: str, *, large: bool) -> int:
    from server.background import run_coroutine_blocking
    from server.migrate import is_up_to_date
    from server.seed import seed_demo

    if not is_up_to_date(url):
        _print_error("la base n'est pas à jour : lancez d'abord « pix-server migrate ».")
        return EXIT_FAILURE
    if large:
        from server.seed_large import LARGE_ORGANIZATION, seed_large

        started = time.perf_counter()
        added = run_coroutine_blocking(lambda: seed_large(url))
        print(
            f"« {LARGE_ORGANIZATION} » : {added} campagne(s) ajoutée(s) "
            f"en {time.perf_counter() - started:.1f} s."
        )
    else:
        run_coroutine_blocking(lambda: seed_demo(url))
    print(
        f"Données de démonstration présentes (mot de passe de tous les comptes : Pix12345) : "
        f"{_describe(url)}"
    )
    return EXIT_OK


def _serve(url: str, host: str, port: int, workers: int) -> int:
    import uvicorn

    from server.log_redaction import redacting_log_config
    from server.migrate import is_up_to_date

    if workers < 1:
        _print_error("--workers doit valoir au moins 1.")
        return EXIT_USAGE
    if not is_up_to_date(url):
        _print_error("la base n'est pas à jour : lancez d'abord « pix-server migrate ».")
        return EXIT_FAILURE
    print(f"pix-server sur http://{host}:{port} — base : {_describe(url)}", flush=True)
    # No tokens in the access log; X-Forwarded-For is the app's to believe or not
    # (Settings.trusted_proxies), uvicorn would otherwise trust it from 127.0.0.1.
    log_config = redacting_log_config()
    # No `server: uvicorn` and no `date:` on each response: ~55 bytes a response that nothing
    # reads (the client never looks at them), which a student on a 64 kbit/s school link pays
    # twice per question. A reverse proxy in front adds its own Date if it wants one.
    if workers == 1:
        from server.app import create_app

        target: Any = create_app(url)
    else:
        # Each worker process builds its own app from the environment.
        os.environ[DATABASE_URL_ENV] = url
        target = "server.app:create_app_from_env"
    uvicorn.run(
        target,
        factory=workers > 1,
        host=host,
        port=port,
        workers=workers,
        log_config=log_config,
        proxy_headers=False,
        server_header=False,
        date_header=False,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
    )
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        url = resolve_database_url(args.database_url)
    except ValueError as error:
        _print_error(str(error))
        return EXIT_USAGE
    try:
        if args.command == "migrate":
            return _migrate(url)
        if args.command == "seed":
            return _seed(url, large=args.large)
        return _serve(url, args.host, args.port, args.workers)
    except KeyboardInterrupt:
        return EXIT_OK
    except Exception as error:  # a clear one-line message rather than a traceback
        _print_error(f"{type(error).__name__} : {error}")
        return EXIT_FAILURE


if __name__ == "__main__":
    sys.exit(main())
