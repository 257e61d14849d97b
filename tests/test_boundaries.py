"""The layering rules of the project, checked by a machine (see STYLE.md).

api_client and server never pull in Textual, and each package imports only what its layer allows:
a change that crosses a boundary fails here before it reaches a review.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# package -> top-level packages of this project it must never import
FORBIDDEN = {
    "api_client": {"tui", "server"},
    "server": {"tui", "api_client"},
    "tui": {"server"},
}
# the one module allowed to start the embedded server
ALLOWED = {("tui", "launcher.py"): {"server"}}


def imported_top_levels(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_respect_layers(package: str) -> None:
    offenders = []
    for path in sorted((ROOT / package).rglob("*.py")):
        allowed = ALLOWED.get((package, path.name), set())
        crossing = (imported_top_levels(path) & FORBIDDEN[package]) - allowed
        if crossing:
            offenders.append(f"{path.relative_to(ROOT)} imports {sorted(crossing)}")
    assert not offenders, "\n".join(offenders)


@pytest.mark.parametrize("module", ["api_client", "server.app"])
def test_importing_lower_layers_does_not_load_textual(module: str) -> None:
    code = f"import sys, {module}; print('textual' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"
