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


PRIVATE_TEXTUAL = re.compile(r"\b(?:self|app|screen|widget|self\.app|self\.screen)\._[a-z]\w*")


def test_no_private_textual_api() -> None:
    """Screens, widgets and the App use only Textual's public API (no `self._x` of a Textual object).

    Our own private attributes are allowed where the class declares them (`_name` set in this file).
    """
    offenders = []
    for path in [*ROOT.glob("tui/app/*.py"), *ROOT.glob("tui/screens/**/*.py"), *ROOT.glob("widgets/*.py")]:
        text = path.read_text(encoding="utf-8")
        own = set(re.findall(r"self\.(_[a-z]\w*)\s*(?::[^=\n]+)?=", text))
        own |= set(re.findall(r"^\s+(_[a-z]\w*)\s*(?::|=)", text, flags=re.M))
        own |= set(re.findall(r"def (_[a-z]\w*)\(", text))
        for number, line in enumerate(text.splitlines(), 1):
            for match in PRIVATE_TEXTUAL.finditer(line):
                name = match.group(0).rsplit(".", 1)[1]
                if name not in own:
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
        assert "getattr(self, \"_" not in text, path
    assert not offenders, "\n".join(offenders)


def test_the_tree_reads_as_the_architecture() -> None:
    """`ls tui/` shows at most ten entries: one package per part of the architecture."""
    entries = sorted(p.name for p in (ROOT / "tui").iterdir() if p.name != "__pycache__")
    assert len(entries) <= 10, entries
    for name in ("app", "cli", "engine", "model", "reach", "topomap", "changes", "screens", "presentation"):
        assert (ROOT / "tui" / name / "__init__.py").exists(), name
