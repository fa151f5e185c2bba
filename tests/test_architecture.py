"""The layers stay apart (docs/development.md): faces call the service; the store knows no domain.

Every import is found with ``ast``, including those under ``if TYPE_CHECKING:`` and inside
functions: a face that names the store even for a type has reached past the service.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "fireside"
DOMAIN = ("coach", "rhythm", "practices", "journal", "planner", "reports")
# A face may import the service, its own modules, errors, paths, the Ctrl-C watch (the face
# owns the terminal) and the plain vocabulary (wording, profile field help); everything else
# only under TYPE_CHECKING, and never the store, the ingest or the importers.
FACE_NEVER = ("fireside.store", "fireside.ingest", "fireside.importers")
FACE_AT_RUN_TIME = (
    "fireside.__version__",
    "fireside.service",
    "fireside.errors",
    "fireside.interrupts",
    "fireside.paths",
    "fireside.wording",
    "fireside.profile_text",
)


def imports(path: Path) -> list[tuple[str, bool]]:
    """(module, only for type checking) for every import in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            typing_only.update(id(n) for child in node.body for n in ast.walk(child))
    found: list[tuple[str, bool]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, id(node) in typing_only) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "fireside":  # `from fireside import paths`: each name counts
                found += [(f"fireside.{a.name}", id(node) in typing_only) for a in node.names]
            else:
                found.append((node.module, id(node) in typing_only))
    return found


def modules_under(*parts: str) -> list[Path]:
    return sorted(PACKAGE.joinpath(*parts).rglob("*.py"))


def within(module: str, packages: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def face_problems(path: Path) -> list[str]:
    problems = []
    for module, typing_only in imports(path):
        if not module.startswith("fireside"):
            continue
        if within(module, FACE_NEVER):
            problems.append(f"{path.name} imports {module}")
        elif not typing_only and not (
            within(module, ("fireside.cli", "fireside.web", "fireside.service"))
            or module in FACE_AT_RUN_TIME
        ):
            problems.append(f"{path.name} imports {module} at run time")
    return problems


@pytest.mark.parametrize("face", ["cli", "web"])
def test_faces_call_only_the_service(face: str) -> None:
    problems = [p for path in modules_under(face) for p in face_problems(path)]
    assert problems == []


def test_the_store_imports_no_domain_package() -> None:
    forbidden = tuple(f"fireside.{name}" for name in (*DOMAIN, "ingest", "importers", "service"))
    problems = [
        f"{path.name} imports {module}"
        for path in modules_under("store")
        for module, _ in imports(path)
        if within(module, forbidden)
    ]
    assert problems == []


def test_the_domain_imports_neither_store_nor_faces() -> None:
    forbidden = (
        "fireside.store",
        "fireside.ingest",
        "fireside.service",
        "fireside.cli",
        "fireside.web",
    )
    problems = [
        f"{path.name} imports {module}"
        for name in DOMAIN
        if PACKAGE.joinpath(name).is_dir()
        for path in modules_under(name)
        for module, _ in imports(path)
        if within(module, forbidden)
    ]
    assert problems == []


def test_the_check_catches_what_it_is_for(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from fireside.store import Store\n    from fireside.coach import CheckResult\n"
        "def run():\n    from fireside.rhythm.readings import read\n"
    )
    assert face_problems(bad) == [
        "bad.py imports fireside.store",
        "bad.py imports fireside.rhythm.readings at run time",
    ]
