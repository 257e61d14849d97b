"""`pix-tui serve` end to end: a real Chromium opens the page and a teacher signs in.

The page is textual-serve's: an xterm.js terminal drawn on a WebGL (or canvas) surface, so
its text is not in the DOM. An init script catches the xterm `Terminal` as textual.js stores
it (`this.terminal = new Terminal(...)`) through a setter on `Object.prototype`, then the test
reads the screen with xterm's public buffer API (`buffer.active.getLine(y).translateToString`)
— the very characters the user sees, whatever the renderer.

Besides the sign-in: the page fetches nothing from elsewhere, a second visitor does not get the
first one's session, and stopping the server with tabs open ends their pix-tui processes.

The served pix-tui runs the embedded demo on a SQLite file of its own, with HOME and the XDG
folders in a temporary directory: nothing of the user's is read or written.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT = ROOT / "screenshots" / "browser-teacher-home.png"

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Chromium absent (/usr/bin/chromium) : apt-get install chromium chromium-driver",
)
SERVE = [sys.executable, "-m", "tui", "serve"]

# Runs before any page script: keeps the first object stored as `.terminal` that looks like an
# xterm Terminal, and leaves the property an ordinary one on its owner.
CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "terminal", {
      value, writable: true, configurable: true, enumerable: true,
    });
    if (value && value.buffer && value.buffer.active && !window.__pixTerminal) {
      window.__pixTerminal = value;
    }
  },
});
"""
SCREEN_TEXT = """() => {
  const buffer = window.__pixTerminal.buffer.active;
  const lines = [];
  for (let y = 0; y < buffer.length; y++) {
    const line = buffer.getLine(y);
    lines.push(line ? line.translateToString(true) : "");
  }
  return lines.join("\\n");
}"""
# The colours of one screen row: an Input's border changes colour when it takes the focus.
ROW_COLOURS = """(y) => {
  const line = window.__pixTerminal.buffer.active.getLine(y);
  const colours = [];
  for (let x = 0; x < line.length; x++) colours.push(line.getCell(x).getFgColor());
  return colours.join(",");
}"""


@dataclass
class ServedPixTui:
    url: str
    process: subprocess.Popen[bytes]
    log: Path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _isolated_environment(home: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PIX_")}
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
        PIX_DATABASE_URL=f"sqlite+aiosqlite:///{home / 'demo.db'}",
        # No PIX_TUI_TOKEN_STORE: with nothing but `serve`'s --no-store, a stored session
        # would land in a file under this temporary HOME, and show in the second tab.
    )
    return env


def _descendants(pid: int) -> set[int]:
    """Every process below `pid` (the per-tab pix-tui, and the shell textual-serve uses)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            # The name field may contain spaces: the parent pid comes after its closing ")".
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    found: set[int] = set()
    pending = [pid]
    while pending:
        for child in children.get(pending.pop(), []):
            found.add(child)
            pending.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[ServedPixTui]:
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [*SERVE, "--port", str(port)],
            cwd=ROOT,
            env=_isolated_environment(tmp_path / "home"),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_listening(url, process, log)
        yield ServedPixTui(url, process, log)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_listening(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"pix-tui serve stopped at once:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"pix-tui serve did not answer on {url}:\n{log.read_text(errors='replace')}")


def _open_terminal_page(browser: Browser, url: str, requested: list[str] | None = None) -> Page:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.add_init_script(CATCH_TERMINAL)
    if requested is not None:
        page.on("request", lambda request: requested.append(request.url))
    page.goto(url)
    page.wait_for_function("() => window.__pixTerminal !== undefined", timeout=15_000)
    return page


def _screen(page: Page) -> str:
    return str(page.evaluate(SCREEN_TEXT))


def _wait_for_text(page: Page, text: str, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = _screen(page)
        if text in screen:
            return screen
        time.sleep(0.2)
    pytest.fail(f"{text!r} never appeared in the browser; the screen shows:\n{screen}")


def _wait_until_gone(page: Page, text: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while text in (screen := _screen(page)):
        if time.monotonic() > deadline:
            pytest.fail(f"{text!r} stayed on the screen:\n{screen}")
        time.sleep(0.2)


def _assert_never_shows(page: Page, text: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        screen = _screen(page)
        assert text not in screen, screen
        time.sleep(0.2)


def _input_top_borders(screen: str) -> list[int]:
    """The rows where the login form's inputs begin (e-mail, then password)."""
    return [y for y, line in enumerate(screen.splitlines()) if "▊▔" in line]


@needs_chromium
def test_teacher_signs_in_from_a_browser(served: ServedPixTui) -> None:
    from playwright.sync_api import sync_playwright

    started = time.monotonic()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
        )
        try:
            requested: list[str] = []
            page = _open_terminal_page(browser, served.url, requested)

            screen = _wait_for_text(page, "Connectez-vous", timeout=20)
            assert "Démo locale" in screen
            # A pupil's browser talks to the school's server only (no Google Fonts).
            host = served.url.split("//", 1)[1]
            assert all(url.split("//", 1)[1].startswith(f"{host}/") for url in requested), requested
            assert any(url.endswith(".ttf") for url in requested), "the terminal font is not loaded"
            tab_processes = _descendants(served.process.pid)
            assert tab_processes, "the page is up but no pix-tui process runs for it"

            # Keys go to xterm's hidden textarea; a click would land on a widget of the app.
            page.focus(".xterm-helper-textarea")
            page.keyboard.type("prof@example.net")
            # "▊": the Input's left border; the demo accounts beside it list the same address.
            screen = _wait_for_text(page, "▊  prof@example.net", timeout=10)
            password_border = _input_top_borders(screen)[1]
            blurred = page.evaluate(ROW_COLOURS, password_border)
            page.keyboard.press("Tab")
            # Textual 8.2.8 gives keys typed while the focus moves to the field being left
            # ("e-mail<Tab>password" in one burst all lands in the e-mail): wait, as a person
            # would, until the password field shows the focus.
            page.wait_for_function(
                f"(blurred) => ({ROW_COLOURS})({password_border}) !== blurred",
                arg=blurred,
                timeout=10_000,
            )
            page.keyboard.type("Pix12345")
            _wait_for_text(page, "▊  ••••••••", timeout=10)
            page.keyboard.press("Enter")

            screen = _wait_for_text(page, "Mes campagnes", timeout=30)
            assert "Claire" in screen  # the teacher's own home, not a generic page
            _wait_for_text(page, "Nom de la campagne", timeout=15)  # the list, not "Chargement…"
            SCREENSHOT.parent.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOT))

            # The next visitor gets a login form of their own, not the teacher's session.
            second = _open_terminal_page(browser, served.url)
            _wait_for_text(second, "Connectez-vous", timeout=20)
            _wait_until_gone(second, "Préparation de la démo locale", timeout=20)
            _assert_never_shows(second, "Mes campagnes", seconds=3)
            tab_processes = _descendants(served.process.pid)

            # Ctrl+C (SIGTERM here) with a signed-in tab still open: the server asks its
            # pix-tui to quit, promptly, and leaves no process behind.
            stopping = time.monotonic()
            served.process.send_signal(signal.SIGTERM)
            assert served.process.wait(timeout=15) == 0, served.log.read_text(errors="replace")
            assert time.monotonic() - stopping < 10
        finally:
            browser.close()

    deadline = time.monotonic() + 3  # the server waited for them; allow for a loaded machine
    while any(_alive(pid) for pid in tab_processes) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in tab_processes), "a pix-tui process outlived the server"
    assert "ouvrez http://127.0.0.1:" in served.log.read_text(errors="replace")
    assert time.monotonic() - started < 60


def test_serve_says_so_when_the_port_is_taken(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [*SERVE, "--port", str(port)],
            cwd=ROOT,
            env=_isolated_environment(tmp_path),
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert result.returncode == 1
    assert f"impossible d'écouter sur 127.0.0.1:{port} (port déjà utilisé)" in result.stderr
    assert "ouvrez" not in result.stdout  # no address announced that does not answer
