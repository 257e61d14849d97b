"""`pix-tui serve`: pix-tui in a web browser, through textual-serve.

    pix-tui serve [--host 127.0.0.1] [--port 8000] [--api-url URL] [--public-url URL]

textual-serve answers HTTP and, for each browser tab, starts a new `pix-tui` process whose
terminal is an xterm.js in the page (~36 MB per tab). Three choices follow from that:

* It has no authentication of its own: it listens on 127.0.0.1 unless told otherwise, and
  says so loudly when it is not.
* Every tab runs as the same system user, so a session saved by one visitor would be restored
  in the next visitor's tab: the served command always carries `--no-store`.
* Without `--api-url` each tab starts the embedded demo; they share one SQLite file
  (`prepare_demo` serializes the first migration with a file lock).

Only the standard library is imported here, so that registering the sub-command keeps
`pix-tui --help` instant; textual-serve (aiohttp) comes with `tui.browser_server`, when serving.
"""

from __future__ import annotations

import argparse
import errno
import ipaddress
import os
import shlex
import sys
from collections.abc import Sequence
from typing import Any

from tui.cli_format import FrenchHelpFormatter

API_URL_ENV = "PIX_API_URL"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
PAGE_TITLE = "pix-tui"

EXIT_OK = 0
EXIT_FAILURE = 1

DESCRIPTION = (
    "Ouvrir pix-tui dans un navigateur : chaque onglet lance sa propre session pix-tui.\n"
    "Sans --api-url, chaque onglet utilise la démo locale. Aucune session n'est enregistrée."
)
NO_AUTHENTICATION_WARNING = (
    "Attention : pix-tui serve n'a pas d'authentification. Quiconque joint ce port ouvre pix-tui "
    "avec vos droits sur cette machine : placez-le derrière un mandataire (proxy) qui authentifie."
)

WILDCARD_HOSTS = ("0.0.0.0", "::")
WILDCARD_HINT = (
    "Depuis un autre poste, lancez plutôt avec --public-url http://NOM-DE-CETTE-MACHINE:{port} "
    "(l'adresse que les navigateurs utiliseront)."
)


def served_command(api_url: str | None) -> str:
    """The shell command textual-serve runs for each browser tab: this very pix-tui."""
    # -P: the server's working folder stays off sys.path (a `tui/` or `server/` folder there
    # must not shadow the installed packages).
    parts = [sys.executable, "-P", "-m", "tui", "--no-store"]
    if api_url:
        parts += ["--api-url", api_url]
    return shlex.join(parts)


def _add_options(parser: argparse.ArgumentParser, *, api_url_default: Any) -> None:
    parser.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"adresse d'écoute (défaut : {DEFAULT_HOST}, cette machine seulement)",
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port (défaut : {DEFAULT_PORT})"
    )
    parser.add_argument(
        "--api-url",
        metavar="URL",
        default=api_url_default,
        help=f"adresse du serveur Pix (variable {API_URL_ENV}) ; absent : démo locale",
    )
    parser.add_argument(
        "--public-url",
        metavar="URL",
        help="adresse vue par le navigateur, derrière un mandataire (défaut : http://HOST:PORT)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The parser of `pix-tui serve` on its own (see `main`)."""
    parser = argparse.ArgumentParser(
        prog="pix-tui serve",
        description=DESCRIPTION,
        formatter_class=FrenchHelpFormatter,
        add_help=False,
    )
    _add_options(parser, api_url_default=os.environ.get(API_URL_ENV) or None)
    return parser


def register_serve_command(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    """Add `serve` to `pix-tui`'s parser (an entry of `tui.__main__.SUBCOMMANDS`)."""
    serve = subparsers.add_parser(
        "serve",
        prog="pix-tui serve",
        help="ouvrir pix-tui dans un navigateur web",
        description=DESCRIPTION,
        formatter_class=FrenchHelpFormatter,
        add_help=False,
    )
    # SUPPRESS: `pix-tui --api-url URL serve` (or $PIX_API_URL) keeps the top-level value.
    _add_options(serve, api_url_default=argparse.SUPPRESS)
    serve.set_defaults(handler=serve_from_args)


def main(argv: Sequence[str]) -> int:
    """`pix-tui serve ARGV…`: parse the options, then serve until Ctrl+C (or SIGTERM)."""
    return serve_from_args(build_parser().parse_args(list(argv)))


def serve_from_args(args: argparse.Namespace) -> int:
    return serve(
        host=args.host,
        port=args.port,
        api_url=getattr(args, "api_url", None),
        public_url=args.public_url,
    )


def serve(
    *, host: str, port: int, api_url: str | None = None, public_url: str | None = None
) -> int:
    """Serve pix-tui over HTTP until interrupted; the exit code of `pix-tui serve`."""
    from tui.browser_server import PixServer

    def announce(url: str) -> None:
        mode = f"serveur Pix : {api_url}" if api_url else "démo locale"
        print(f"pix-tui dans le navigateur ({mode}) : ouvrez {url}", flush=True)
        if not _is_loopback(host):
            print(NO_AUTHENTICATION_WARNING, flush=True)
        if host in WILDCARD_HOSTS and not public_url:
            # The page opens its WebSocket at the public URL: 0.0.0.0 means nothing elsewhere.
            print(WILDCARD_HINT.format(port=port), flush=True)
        print("Ctrl+C pour arrêter.", flush=True)

    server = PixServer(
        served_command(api_url),
        announce=announce,
        host=host,
        port=port,
        title=PAGE_TITLE,
        public_url=public_url.rstrip("/") if public_url else None,
    )
    try:
        server.serve()
    except OSError as error:
        reason = "port déjà utilisé" if error.errno == errno.EADDRINUSE else str(error)
        print(f"pix-tui serve : impossible d'écouter sur {host}:{port} ({reason}).",
              file=sys.stderr)  # fmt: skip
        return EXIT_FAILURE
    return EXIT_OK


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a host name: it may resolve to anything
        return False
