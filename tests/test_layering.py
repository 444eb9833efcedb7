"""Architecture checks that run with the tests: import contracts and lint."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str) -> str:
    path = shutil.which(name) or str(Path(sys.executable).parent / name)
    if not Path(path).exists():
        pytest.fail(f"{name} is not installed: pip install -e '.[dev]'")
    return path


def test_import_contracts_hold() -> None:
    """Engine access, model and graph import no Textual; screens and widgets never reach Docker."""
    proc = subprocess.run([_tool("lint-imports")], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "broken" not in proc.stdout.lower().replace("0 broken", "")


def test_ruff_clean() -> None:
    proc = subprocess.run([_tool("ruff"), "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_engine_package_does_not_import_textual_at_runtime() -> None:
    code = (
        "import sys, tui.engine.reader, tui.engine.events, tui.model.graph, tui.model.export, tui.reach.verdict;"
        " print('textual' in sys.modules)"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.stdout.strip() == "False", proc.stderr


def test_types_check_strictly() -> None:
    """mypy --strict (configured in pyproject.toml) over the whole project: zero errors."""
    proc = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Success: no issues found" in proc.stdout


def test_every_type_ignore_says_why() -> None:
    """A silenced type error carries its reason on the same line (`# type: ignore[code]  # why`)."""
    bare = []
    for path in [*ROOT.glob("tui/**/*.py"), *ROOT.glob("widgets/*.py")]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "type: ignore" in line and not re.search(r"type: ignore\[[\w-]+(, *[\w-]+)*\]\s+#\s*\S", line):
                bare.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not bare, "\n".join(bare)


def textual_private_names() -> set[str]:
    """Every `_name` a Textual App, Screen, ModalScreen or Widget has (class and instance attributes)."""
    from textual.app import App
    from textual.screen import ModalScreen, Screen
    from textual.widget import Widget

    names: set[str] = set()
    for cls in (App, Screen, ModalScreen, Widget):
        names |= {n for n in dir(cls) if n.startswith("_") and not n.startswith("__")}
    app = App[None]()
    for obj in (app, Screen[None](), ModalScreen[None](), Widget()):
        names |= {n for n in vars(obj) if n.startswith("_") and not n.startswith("__")}
    return names


def test_no_private_textual_api() -> None:
    """The App, screens and widgets use only Textual's public API: no `x._name` where `_name` is one
    of Textual's own private attributes (reading one, or shadowing one by accident)."""
    private = textual_private_names()
    offenders = []
    for path in [*ROOT.glob("tui/app/*.py"), *ROOT.glob("tui/screens/**/*.py"), *ROOT.glob("widgets/*.py")]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            used = set(re.findall(r"\.(_[a-z]\w*)", line)) | set(re.findall(r"getattr\(\w+, \"(_\w+)\"", line))
            used |= set(re.findall(r"def (_[a-z]\w*)\(", line))
            if used & private:
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {sorted(used & private)} {line.strip()}")
    assert not offenders, "\n".join(offenders)


def test_the_tree_reads_as_the_architecture() -> None:
    """`ls tui/` shows at most ten entries: one package per part of the architecture."""
    entries = sorted(p.name for p in (ROOT / "tui").iterdir() if p.name != "__pycache__")
    assert len(entries) <= 10, entries
    for name in ("app", "cli", "engine", "model", "reach", "topomap", "changes", "screens", "presentation"):
        assert (ROOT / "tui" / name / "__init__.py").exists(), name
