"""The layers of docs/architecture.md, checked on the source: the core is pure,
and imports point one way (cli -> services -> core and storage; storage -> core)."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "walkcoach"
LAYERS = ("core", "storage", "services", "cli")
# What each layer may import from walkcoach (besides itself).
ALLOWED = {
    "core": set(),
    "storage": {"core"},
    "services": {"core", "storage"},
    "cli": {"core", "services"},
}
# Modules the pure core must never import: I/O, the clock's environment, the
# terminal, the database (plus anything outside the standard library's pure part
# that the core does not need).
CORE_BANNED = {
    "os",
    "sys",
    "io",
    "sqlite3",
    "sqlite_utils",
    "typer",
    "rich",
    "pathlib",
    "shutil",
    "subprocess",
    "tempfile",
    "socket",
    "platformdirs",
}


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _layer(path: Path) -> str | None:
    relative = path.relative_to(PACKAGE).parts
    return relative[0] if len(relative) > 1 and relative[0] in LAYERS else None


def _imports(path: Path) -> set[str]:
    """Every module `path` imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            if node.module == "walkcoach":
                found.update(f"walkcoach.{alias.name}" for alias in node.names)
    return found


def test_every_module_sits_in_a_layer() -> None:
    loose = [
        p.name
        for p in _modules()
        if _layer(p) is None
        and p.name not in {"__init__.py", "__main__.py"}
        and p.parent == PACKAGE
    ]
    assert loose == []


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.stem)
def test_imports_point_down(path: Path) -> None:
    layer = _layer(path)
    if layer is None:
        return
    wrong = []
    for module in _imports(path):
        parts = module.split(".")
        if parts[0] != "walkcoach" or len(parts) < 2:
            continue
        target = parts[1]
        if target in LAYERS and target != layer and target not in ALLOWED[layer]:
            wrong.append(module)
    assert wrong == [], f"{layer} may import only {sorted(ALLOWED[layer])}"


@pytest.mark.parametrize(
    "path", [p for p in _modules() if _layer(p) == "core"], ids=lambda p: p.stem
)
def test_core_is_pure(path: Path) -> None:
    banned = sorted(
        m
        for m in _imports(path)
        if m.split(".")[0] in CORE_BANNED | {"walkcoach"}
        and not m.startswith("walkcoach.core")
    )
    assert banned == []


def test_the_check_catches_a_wrong_import(tmp_path: Path) -> None:
    fake = tmp_path / "x.py"
    fake.write_text("import sqlite3\nfrom walkcoach.cli import shell\n")
    assert {"sqlite3", "walkcoach.cli"} <= _imports(fake)


def test_the_architecture_page_names_only_real_modules() -> None:
    """docs/architecture.md stays true to the code: every module it names exists."""
    import re

    page = (PACKAGE.parents[1] / "docs" / "architecture.md").read_text()
    named = set(re.findall(r"`((?:core|storage|services|cli)/[\w*]+\.py)`", page))
    assert len(named) > 15
    for name in named:
        assert list(PACKAGE.glob(name)), f"docs/architecture.md names {name}"
    layers = {p.parent.name for p in PACKAGE.glob("*/*.py")} - {"__pycache__"}
    for layer in layers:
        assert f"## {layer}" in page


@pytest.mark.parametrize(
    "path", sorted(PACKAGE.glob("cli/cmd_*.py")), ids=lambda p: p.stem
)
def test_no_command_module_imports_another(path: Path) -> None:
    others = sorted(m for m in _imports(path) if m.startswith("walkcoach.cli.cmd_"))
    assert others == []


@pytest.mark.parametrize(
    "path",
    [p for p in _modules() if _layer(p) in ("cli", "services", "core")],
    ids=lambda p: p.stem,
)
def test_sql_lives_in_storage(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert ".execute(" not in text and "sqlite3" not in _imports(path)
