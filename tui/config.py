"""pix-tui's settings: defaults, `config.toml`, the environment and the command line.

Each setting is read from the strongest source that gives it: a command-line option, then an
environment variable, then `config.toml` (in the user config folder, or `$PIX_TUI_CONFIG`),
then the default. A wrong value anywhere stops pix-tui with a French sentence naming the
file (or variable, or option) and the key: `ConfigError`, exit code 2, never a traceback.

Textual-free and httpx-free: `pix-tui config` imports only this module and the standard
library (plus platformdirs), and answers at once.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import tempfile
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CONFIG_ENV = "PIX_TUI_CONFIG"
FILE_NAME = "config.toml"

DEFAULT_THEME = "pix"
DEFAULT_PAGE_SIZE = 10
DEFAULT_REFRESH_SECONDS = 15.0
LANGUAGES = ("fr", "en")
PAGE_SIZES = (10, 25, 50, 100)
"""The sizes the Pix API pages by (`api_client.PAGE_SIZES`, not imported: it pulls httpx)."""

REFRESH_ENV = "PIX_TUI_REFRESH_SECONDS"
"""Read by the campaign follow-up (tui/screens/orga/follow/display.py) for its period."""

DEFAULT, FILE, ENVIRONMENT, OPTION = "défaut", "fichier", "environnement", "option"
"""Where a setting in effect comes from, as `pix-tui config` says it."""


class ConfigError(Exception):
    """A setting could not be read; `message` is the French sentence for stderr."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# -- one parser per key: the raw value (a TOML value, or the text of a variable or option) --


def _parse_api_url(raw: object) -> str | None:
    if not isinstance(raw, str):
        raise ValueError("une adresse entre guillemets est attendue")
    text = raw.strip()
    if not text:
        return None  # an empty value asks for the local demo
    if not re.match(r"^https?://[^\s/]+", text):
        raise ValueError("une adresse commençant par http:// ou https:// est attendue")
    return text.rstrip("/")


def _parse_lang(raw: object) -> str:
    text = raw.strip().lower() if isinstance(raw, str) else None
    if text not in LANGUAGES:
        raise ValueError("valeurs possibles : fr, en")
    return text


def _parse_theme(raw: object) -> str:
    # The names Textual knows are checked when the app starts (Textual is not imported here).
    if not isinstance(raw, str) or not raw.strip():
        raise ValueError("un nom de thème entre guillemets est attendu (ex. « pix », « nord »)")
    return raw.strip()


def _parse_page_size(raw: object) -> int:
    value: object = raw
    if isinstance(raw, str) and raw.strip().isdigit():
        value = int(raw.strip())
    if isinstance(value, bool) or value not in PAGE_SIZES:
        raise ValueError("valeurs possibles : " + ", ".join(map(str, PAGE_SIZES)))
    assert isinstance(value, int)
    return value


def _parse_refresh_seconds(raw: object) -> float:
    reason = "un nombre de secondes positif ou nul est attendu (0 : jamais)"
    if isinstance(raw, bool):
        raise ValueError(reason)
    try:
        value = float(raw.strip().replace(",", ".")) if isinstance(raw, str) else raw
    except ValueError:
        raise ValueError(reason) from None
    if not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        raise ValueError(reason)
    return float(value)


@dataclass(frozen=True, slots=True)
class Key:
    """One setting: its name in the file, its variable, its option, how to read it."""

    name: str
    env: str
    option: str
    parse: Callable[[object], Any]
    default: Callable[[], Any]


def _default_lang() -> str:
    # The locale decides when nothing else does: an English locale gets "en".
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            return "en" if value.lower().startswith("en") else "fr"
    return "fr"


KEYS: tuple[Key, ...] = (
    Key("api_url", "PIX_API_URL", "--api-url", _parse_api_url, lambda: None),
    Key("lang", "PIX_LANG", "--lang", _parse_lang, _default_lang),
    Key("theme", "PIX_TUI_THEME", "--theme", _parse_theme, lambda: DEFAULT_THEME),
    Key(
        "page_size", "PIX_TUI_PAGE_SIZE", "--page-size", _parse_page_size, lambda: DEFAULT_PAGE_SIZE
    ),
    Key(
        "refresh_seconds",
        REFRESH_ENV,
        "--refresh-seconds",
        _parse_refresh_seconds,
        lambda: DEFAULT_REFRESH_SECONDS,
    ),
)
KEY_NAMES = tuple(key.name for key in KEYS)


@dataclass(frozen=True, slots=True)
class Origin:
    """Where one setting in effect comes from: `source` and, for a variable or an option,
    its name."""

    source: str
    name: str | None = None

    def __str__(self) -> str:
        return f"{self.source} : {self.name}" if self.name else self.source


@dataclass(frozen=True, slots=True)
class Settings:
    """The settings in effect, and where each one comes from."""

    path: Path
    file_exists: bool
    api_url: str | None = None
    lang: str = "fr"
    theme: str = DEFAULT_THEME
    page_size: int = DEFAULT_PAGE_SIZE
    refresh_seconds: float = DEFAULT_REFRESH_SECONDS
    origins: Mapping[str, Origin] = field(default_factory=dict)

    def origin(self, key: str) -> Origin:
        return self.origins.get(key, Origin(DEFAULT))


_active: Settings | None = None


def activate(settings: Settings | None) -> None:
    """Make `settings` the ones `active()` returns (None: back to the defaults)."""
    global _active
    _active = settings


def active() -> Settings:
    """The settings of this run (`pix-tui` activates them before the app starts); plain
    defaults when none were activated (tests building the app directly)."""
    return _active if _active is not None else Settings(path=Path(FILE_NAME), file_exists=False)


def config_path(environ: Mapping[str, str] | None = None) -> Path:
    """`$PIX_TUI_CONFIG`, or `config.toml` in the user config folder."""
    environ = os.environ if environ is None else environ
    override = environ.get(CONFIG_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("pix-tui")) / FILE_NAME


def read_file(path: Path) -> dict[str, Any]:
    """The keys of `config.toml` (empty when the file does not exist); `ConfigError` when
    it cannot be read or holds an unknown key."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "fichier illisible"
        raise ConfigError(f"Le fichier de configuration {path} est illisible ({reason}).") from None
    try:
        content = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(
            f"Le fichier de configuration {path} n'est pas un fichier TOML valide "
            f"({_toml_position(error)}). Exemple de ligne attendue : page_size = 25"
        ) from None
    for name in content:
        if name not in KEY_NAMES:
            raise ConfigError(
                f"Le fichier de configuration {path} contient une clé inconnue « {name} » "
                f"(clés possibles : {', '.join(KEY_NAMES)})."
            )
    return content


def load_settings(
    options: Mapping[str, object | None] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    path: Path | None = None,
) -> Settings:
    """The settings in effect. `options` maps key names to command-line values (None:
    not given); `environ` defaults to the process environment."""
    environ = os.environ if environ is None else environ
    options = options or {}
    path = path if path is not None else config_path(environ)
    content = read_file(path)
    values: dict[str, Any] = {}
    origins: dict[str, Origin] = {}
    for key in KEYS:
        raw_option = options.get(key.name)
        raw_env = environ.get(key.env)
        if raw_option is not None:
            values[key.name] = _parse(key, raw_option, f"l'option {key.option}")
            origins[key.name] = Origin(OPTION, key.option)
        elif raw_env is not None and raw_env.strip():
            values[key.name] = _parse(key, raw_env, f"la variable {key.env}")
            origins[key.name] = Origin(ENVIRONMENT, key.env)
        elif key.name in content:
            where = f"la clé « {key.name} » du fichier de configuration {path}"
            values[key.name] = _parse(key, content[key.name], where)
            origins[key.name] = Origin(FILE)
        else:
            values[key.name] = key.default()
            origins[key.name] = Origin(DEFAULT)
    return Settings(path=path, file_exists=path.is_file(), origins=origins, **values)


def _parse(key: Key, raw: object, where: str) -> Any:
    try:
        return key.parse(raw)
    except ValueError as error:
        shown = raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False, default=str)
        raise ConfigError(f"Valeur refusée pour {where} : « {shown} » ({error}).") from None


def _toml_position(error: tomllib.TOMLDecodeError) -> str:
    # Python 3.11's message is English: "Invalid value (at line 3, column 12)".
    found = re.search(r"line (\d+), column (\d+)", str(error))
    if found:
        return f"erreur ligne {found.group(1)}, colonne {found.group(2)}"
    return "erreur de syntaxe"


# -- showing and writing --------------------------------------------------------------------


def shown_value(key: str, value: object) -> str:
    """A setting's value as `pix-tui config` prints it."""
    if key == "api_url" and value is None:
        return "aucune (démo locale)"
    if key == "refresh_seconds" and isinstance(value, float):
        seconds = f"{value:g}"
        return "0 (jamais)" if value == 0 else f"{seconds} s"
    return str(value)


def describe(settings: Settings) -> str:
    """The text of `pix-tui config`: the file, then each setting in effect and its source."""
    state = "présent" if settings.file_exists else "absent : valeurs par défaut"
    lines = [f"Fichier de configuration : {settings.path} ({state})", "", "Réglages en vigueur :"]
    width = max(len(name) for name in KEY_NAMES)
    shown = {name: shown_value(name, getattr(settings, name)) for name in KEY_NAMES}
    value_width = max(len(text) for text in shown.values())
    for name in KEY_NAMES:
        lines.append(f"  {name:<{width}}  {shown[name]:<{value_width}}  ({settings.origin(name)})")
    return "\n".join(lines)


def toml_value(value: str | int | float | bool) -> str:
    """`value` written as TOML. A JSON string is a valid TOML basic string (same escapes),
    once DEL, which TOML wants escaped and JSON leaves as is, is escaped too."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def write_setting(path: Path, key: str, value: str | int | float | bool) -> None:
    """Set `key` in `config.toml`, keeping the other lines (comments included) as they are.

    The file is replaced atomically; `ConfigError` when the current file is not valid (it
    is not overwritten) or cannot be written.
    """
    read_file(path)  # refuse to rewrite a file we cannot read back
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    except OSError as error:
        raise ConfigError(f"Le fichier de configuration {path} est illisible ({error}).") from None
    line = f"{key} = {toml_value(value)}"
    pattern = re.compile(rf'^[ \t]*(?:{re.escape(key)}|"{re.escape(key)}")[ \t]*=.*$', re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: line, text, count=1)
    else:
        text = f"{text.rstrip()}\n{line}\n" if text.strip() else f"{line}\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=".config-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            with contextlib.suppress(OSError):  # keep the mode the user gave the file
                os.chmod(temp_name, path.stat().st_mode & 0o777)
            os.replace(temp_name, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)
            raise
    except OSError as error:
        raise ConfigError(
            f"Le fichier de configuration {path} n'a pas pu être écrit ({error.strerror})."
        ) from None
