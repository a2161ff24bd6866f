"""Imports go one way. The domain (models, services, sync, server) never imports Qt or the UI,
so it can be tested, scripted and served without a screen; the UI never talks HTTP or SQL.
Within the domain, models is the bottom layer, services and sync each build on models alone,
and the server never runs a hub's use cases (services)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "hubapp"
DOMAIN_LAYERS = ("models", "services", "sync", "server")
# The one place outside hubapp/ui allowed to touch Qt: the QThread wrapper around sync.
QT_ALLOWED = {PACKAGE / "sync" / "worker.py"}
QT_MODULES = ("PySide6", "PyQt5", "PyQt6", "PySide2", "shiboken6", "qtawesome", "pytestqt")
NETWORK_MODULES = ("requests", "httpx", "urllib3", "urllib.request", "http.client", "aiohttp")
RAW_SQL_NAMES = {"text", "literal_column", "exec_driver_sql", "executescript"}
# Which layers each domain layer must never import (../shared/DESIGN.md, "Layers"): models is
# the bottom; services and sync each build on models alone, side by side; the server speaks
# the wire format (sync.protocol and the wire values) but never runs a hub's use cases.
FORBIDDEN_LAYERS = {
    "models": ("hubapp.services", "hubapp.sync", "hubapp.server", "hubapp.ui"),
    "services": ("hubapp.sync", "hubapp.server", "hubapp.ui"),
    "sync": ("hubapp.services", "hubapp.server", "hubapp.ui"),
    "server": ("hubapp.services", "hubapp.ui"),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_in(source: str, module: str, *, is_package: bool = False) -> Iterator[tuple[int, str]]:
    """Every module `source` imports (absolute names, relative imports resolved against the
    dotted `module` it is), anywhere in the file, including imports inside functions."""
    tree = ast.parse(source)
    package = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                prefix = ".".join([*base, node.module] if node.module else base)
            else:
                prefix = node.module or ""
            yield node.lineno, prefix
            for alias in node.names:
                yield node.lineno, f"{prefix}.{alias.name}"


def imported_modules(path: Path) -> Iterator[tuple[int, str]]:
    source = path.read_text(encoding="utf-8")
    return imports_in(source, module_name(path), is_package=path.name == "__init__.py")


def is_within(name: str, roots: tuple[str, ...]) -> bool:
    return any(name == root or name.startswith(root + ".") for root in roots)


def python_files(*layers: str) -> list[Path]:
    return sorted(p for layer in layers for p in (PACKAGE / layer).rglob("*.py"))


DOMAIN_FILES = [p for p in python_files(*DOMAIN_LAYERS) if p not in QT_ALLOWED]
UI_FILES = python_files("ui")
LAYERED_FILES = [
    (p, layer) for layer in FORBIDDEN_LAYERS for p in python_files(layer) if p not in QT_ALLOWED
]


def _ids(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(PACKAGE.parent)) for p in paths]


def test_the_layers_exist() -> None:
    assert DOMAIN_FILES, "no domain modules found: is PACKAGE right?"
    assert (PACKAGE / "models" / "database.py") in DOMAIN_FILES


@pytest.mark.parametrize("path", DOMAIN_FILES, ids=_ids(DOMAIN_FILES))
def test_domain_never_imports_qt_or_the_ui(path: Path) -> None:
    bad = [
        f"line {line}: {name}"
        for line, name in imported_modules(path)
        if is_within(name, QT_MODULES) or is_within(name, ("hubapp.ui",))
    ]
    assert not bad, f"{module_name(path)} imports Qt or hubapp.ui: {bad}"


@pytest.mark.parametrize(("path", "layer"), LAYERED_FILES, ids=_ids([p for p, _ in LAYERED_FILES]))
def test_layers_import_only_what_the_design_allows(path: Path, layer: str) -> None:
    forbidden = FORBIDDEN_LAYERS[layer]
    bad = [
        f"line {line}: {name}"
        for line, name in imported_modules(path)
        if is_within(name, forbidden)
    ]
    assert not bad, f"{module_name(path)} is in {layer}, which never imports {forbidden}: {bad}"


def test_every_layered_file_is_checked() -> None:
    """The layer rules see real files (a renamed folder must not leave a rule checking none)."""
    layers = {layer for _, layer in LAYERED_FILES}
    assert layers == set(FORBIDDEN_LAYERS)
    assert (PACKAGE / "services" / "erasure.py", "services") in LAYERED_FILES
    assert (PACKAGE / "sync" / "bulk.py", "sync") in LAYERED_FILES


@pytest.mark.parametrize("path", UI_FILES, ids=_ids(UI_FILES))
def test_ui_never_talks_http_or_raw_sql(path: Path) -> None:
    bad = [
        f"line {line}: {name}"
        for line, name in imported_modules(path)
        if is_within(name, NETWORK_MODULES)
        or is_within(name, ("sqlite3",))
        or name in {f"sqlalchemy.{n}" for n in RAW_SQL_NAMES}
    ]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        # `sqlalchemy.text(...)`, `conn.exec_driver_sql(...)` and the like, however imported.
        if isinstance(node, ast.Attribute) and node.attr in RAW_SQL_NAMES - {"text"}:
            bad.append(f"line {node.lineno}: .{node.attr}")
        if (
            isinstance(node, ast.Attribute)
            and node.attr == "text"
            and isinstance(node.value, ast.Name)
            and node.value.id in {"sqlalchemy", "sa"}
        ):
            bad.append(f"line {node.lineno}: {node.value.id}.text")
    assert not bad, f"{module_name(path)} does HTTP or raw SQL (use a service): {bad}"


def test_the_checker_sees_relative_and_nested_imports() -> None:
    """The rules above are only as good as the import finder: check it on a sample."""
    source = (
        "from ..ui import tasks\n"
        "from . import members\n"
        "def later():\n"
        "    import PySide6.QtCore\n"
        "    from sqlalchemy import text\n"
    )
    names = {name for _, name in imports_in(source, "hubapp.services.sample")}
    assert {"hubapp.ui.tasks", "hubapp.services.members", "PySide6.QtCore"} <= names
    assert "sqlalchemy.text" in names
    package_names = {
        name for _, name in imports_in("from .. import ui", "hubapp.sync", is_package=True)
    }
    assert "hubapp.ui" in package_names
