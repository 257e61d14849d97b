"""`pix-tui admin …` as support runs it: real output, exit codes, French messages.

Most cases run `main()` in-process on the embedded demo (PIX_DATABASE_URL points at a fresh
seeded database), as `pix-tui admin …` without --api-url does. One group runs the command in
a subprocess against a real `pix-server serve` (uvicorn on 127.0.0.1, random port).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from tui.__main__ import main

ROOT = Path(__file__).resolve().parent.parent
SUPPORT = "support@example.net"
PASSWORD = "Pix12345"
COLLEGE = "Collège Pix (DEMO)"


@pytest.fixture
def demo(seeded_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The embedded demo on a fresh seeded database; support's credentials in the env."""
    monkeypatch.setenv("PIX_DATABASE_URL", seeded_url)
    monkeypatch.setenv("PIX_TUI_TOKEN_STORE", "memory")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    # The demo's lock file, when the database is not SQLite.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("PIX_EMAIL", SUPPORT)
    monkeypatch.setenv("PIX_PASSWORD", PASSWORD)
    monkeypatch.delenv("PIX_API_URL", raising=False)
    return seeded_url


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["admin", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_campaign_by_code_as_a_table(demo, capsys) -> None:
    code, out, err = run(capsys, "campaign", "archiv789")

    assert (code, err) == (0, "")
    lines = dict(line.split(None, 1) for line in out.splitlines() if " " in line)
    assert "ARCHIV789 — Protection et sécurité 6e (ancienne version)" in out
    assert lines["Statut"].strip() == "Archivée le 03/10/2024"
    assert lines["Organisation"].startswith(COLLEGE)
    assert lines["Propriétaire"].strip() == "Julien Bernard"


def test_campaign_as_json_has_stable_keys_and_iso_dates(demo, capsys) -> None:
    code, out, _ = run(capsys, "campaign", "RENTRE123", "--json")

    assert code == 0
    record = json.loads(out)
    assert list(record) == [
        "id", "code", "name", "type", "status", "title", "organization", "owner", "creator",
        "target_profile", "external_id_label", "multiple_sendings", "created_at",
        "archived_at", "deleted_at", "participations",
    ]  # fmt: skip
    assert (record["code"], record["status"], record["type"]) == (
        "RENTRE123",
        "ACTIVE",
        "ASSESSMENT",
    )
    assert isinstance(record["id"], int)
    assert record["organization"]["name"] == COLLEGE
    assert datetime.fromisoformat(record["created_at"]) == datetime(2025, 9, 4, 8, tzinfo=UTC)
    assert record["participations"] == {
        "total": 20, "shared": 14, "started": 3, "to_share": 3, "deleted": 0, "stuck": 0,
        "stuck_after_days": 7,
    }  # fmt: skip

    # The same campaign by its id.
    code, out, _ = run(capsys, "campaign", str(record["id"]), "--json")
    assert json.loads(out) == record


def test_unknown_campaign_exits_1_with_a_french_message(demo, capsys) -> None:
    code, out, err = run(capsys, "campaign", "NOPE00000")
    assert (code, out) == (1, "")
    assert err.strip() == "pix-tui : Aucune campagne ne correspond à « NOPE00000 »."

    code, out, err = run(capsys, "campaigns", "--search", "zzzz")
    assert (code, out) == (1, "")
    assert "Aucune campagne ne correspond à « zzzz »" in err


def test_search_across_organisations(demo, capsys) -> None:
    code, out, _ = run(capsys, "campaigns", "--search", "rentrée", "--json")
    assert code == 0
    found = json.loads(out)
    assert {c["organization"]["name"] for c in found} == {COLLEGE, "Lycée Pix (DEMO)"}
    assert all(set(c) >= {"code", "status", "owner", "created_at", "archived_at"} for c in found)

    code, out, _ = run(capsys, "campaigns", "--search", "ARCHIV")
    header, *rows = out.splitlines()
    assert header.split()[:3] == ["ID", "Code", "Nom"]
    assert len(rows) == 1 and "ARCHIV789" in rows[0] and "Archivée" in rows[0]
    # Columns are aligned: every row starts its "Code" cell where the header does.
    assert rows[0].index("ARCHIV789") == header.index("Code")


def test_participations_with_status_filter_and_stuck_marks(demo, capsys) -> None:
    code, out, _ = run(capsys, "participations", "RENTRE123", "--status", "STARTED", "--json")
    assert code == 0
    body = json.loads(out)
    assert body["campaign"]["code"] == "RENTRE123"
    assert [p["status"] for p in body["participations"]] == ["STARTED"] * 3
    assert all(p["last_activity_at"] and p["stuck"] is False for p in body["participations"])

    code, out, _ = run(capsys, "participations", "RENTRE123")
    header, *rows = out.splitlines()
    assert "Dernière activité" in header and len(rows) == 20
    assert sum("En cours" in row for row in rows) == 3
    assert sum("Reçu" in row for row in rows) == 14


def test_usage_errors_exit_2(demo, capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["admin", "participations", "RENTRE123", "--status", "FINI"])
    assert exited.value.code == 2
    assert "--status" in capsys.readouterr().err

    assert main(["admin"]) == 2
    assert "indiquez une commande" in capsys.readouterr().err


def test_wrong_password_exits_3(demo, capsys, monkeypatch) -> None:
    monkeypatch.setenv("PIX_PASSWORD", "pas-le-bon")
    code, out, err = run(capsys, "campaign", "ARCHIV789")
    assert (code, out) == (3, "")
    assert "mot de passe saisis sont incorrects" in err


def test_a_teacher_is_not_a_pix_admin(demo, capsys, monkeypatch) -> None:
    monkeypatch.setenv("PIX_EMAIL", "prof@example.net")
    code, _, err = run(capsys, "campaign", "ARCHIV789")
    assert code == 3
    assert "Ce compte n'a pas accès à Pix Admin." in err


def test_without_credentials_nor_terminal_it_says_what_to_set(demo, capsys, monkeypatch) -> None:
    # Under pytest, stdin is not a terminal: nobody could type a password.
    monkeypatch.delenv("PIX_EMAIL")
    monkeypatch.delenv("PIX_PASSWORD")
    code, _, err = run(capsys, "campaign", "ARCHIV789")
    assert code == 3
    assert "PIX_EMAIL" in err and "PIX_PASSWORD" in err


def test_the_saved_admin_session_is_reused(demo, capsys, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("PIX_TUI_TOKEN_STORE", "file")
    assert run(capsys, "campaign", "ARCHIV789")[0] == 0
    assert (tmp_path / "config" / "pix-tui" / "tokens.json").exists()

    monkeypatch.delenv("PIX_EMAIL")
    monkeypatch.delenv("PIX_PASSWORD")
    code, out, _ = run(capsys, "campaign", "ARCHIV789", "--json")
    assert code == 0 and json.loads(out)["code"] == "ARCHIV789"


def test_help_names_the_credentials_variables_and_loads_no_textual() -> None:
    script = (
        "import sys, tui.__main__ as cli\n"
        "try:\n    cli.main(['admin', 'campaign', '--help'])\n"
        "except SystemExit:\n    pass\n"
        "print('TEXTUAL' if 'textual' in sys.modules else 'NO-TEXTUAL')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert "PIX_EMAIL" in result.stdout and "PIX_PASSWORD" in result.stdout
    assert "Codes de sortie" in result.stdout
    assert result.stdout.strip().endswith("NO-TEXTUAL")


# --- against a real `pix-server serve` -----------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def pix_server(seeded_url: str, tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    log = tmp_path / "pix-server.log"
    with open(log, "w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "server", "serve", "--port", str(port),
             "--database-url", seeded_url],
            cwd=ROOT, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, f"pix-server stopped: {log.read_text()}"
            try:
                if httpx.get(f"{url}/", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "pix-server did not start"
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def _pix_tui(url: str, *args: str, password: str = PASSWORD) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PIX_TUI_TOKEN_STORE": "memory",
        "PIX_EMAIL": SUPPORT,
        "PIX_PASSWORD": password,
    }
    return subprocess.run(
        [sys.executable, "-m", "tui", "admin", *args, "--api-url", url],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_against_a_real_server(pix_server: str) -> None:
    found = _pix_tui(pix_server, "campaign", "ARCHIV789", "--json")
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)["status"] == "ARCHIVED"

    missing = _pix_tui(pix_server, "campaign", "NOPE00000")
    assert (missing.returncode, missing.stdout) == (1, "")
    assert "Aucune campagne ne correspond à « NOPE00000 »" in missing.stderr

    refused = _pix_tui(pix_server, "campaign", "ARCHIV789", password="faux")
    assert refused.returncode == 3
    assert "incorrects" in refused.stderr


def test_an_unreachable_server_exits_4() -> None:
    result = _pix_tui(f"http://127.0.0.1:{_free_port()}", "campaign", "ARCHIV789")
    assert result.returncode == 4
    assert result.stderr.strip() == "pix-tui : Le serveur est injoignable."
