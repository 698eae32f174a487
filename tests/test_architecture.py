"""The import rules of docs/architecture.md, checked on the code's syntax trees.

Every import counts: at the top of a module, inside a function, under `if TYPE_CHECKING:`.
The scan is `tools/draw_architecture.py`'s (loaded by path: `tools` is no package), so the
picture and these rules read the same edges. A failure names the file, the line and the
import; to see every package edge: `python tools/draw_architecture.py --edges`.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app"
VIEWS = APP / "views"
SERVICES = APP / "services"


def _load_tool():
    path = ROOT / "tools" / "draw_architecture.py"
    spec = importlib.util.spec_from_file_location("draw_architecture", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


tool = _load_tool()

# The allowed direction between the packages of app/services (and its top-level modules),
# declared once: a key may import the packages of its value, nothing else in app/services.
# The leaves import none of the packages; the shims eligibility.py and contract.py count as
# catalogue. Keep docs/architecture.md's table in step.
LEAVES = frozenset({"formatting", "dates", "postal_codes", "validation"})
DOMAIN = frozenset({"store", "catalogue", "lamal", "agents", "pricing", "proposals",
                    "documents", "sync"})
ALLOWED: dict[str, frozenset[str]] = {
    "formatting": LEAVES,
    "dates": LEAVES,
    "postal_codes": LEAVES,
    "validation": LEAVES,
    "store": frozenset(),
    "catalogue": LEAVES,
    "lamal": LEAVES,
    "agents": LEAVES | {"store"},
    "pricing": LEAVES | {"lamal", "catalogue"},
    "proposals": LEAVES | {"store", "catalogue"},
    "documents": LEAVES | {"catalogue", "lamal", "pricing", "proposals"},
    "sync": LEAVES | {"store", "proposals", "catalogue", "pricing"},
    "application": LEAVES | DOMAIN,
    "demo": LEAVES | DOMAIN | {"application"},
}

# What no service may import: Qt, and the layers built on the services.
QT = ("PySide6", "shiboken6")
OUTER_LAYERS = ("app.views", "app.server", "app.commands", "app.gui", "app.cli")
# What the screens may not import: the database and the sync server.
NOT_IN_VIEWS = ("sqlalchemy", "app.models", "app.server")
# Attributes that open a unit of work or reach a session: only the application layer does.
UNIT_OF_WORK = {"unit_of_work", "reading", "session", "sessions"}

MAX_TOP_LEVEL_SERVICES = 12
MAX_VIEW_LINES = 300


@cache
def imports() -> tuple:
    return tuple(tool.scan(APP))


def _under(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def _in(path: str, folder: Path) -> bool:
    return (ROOT / path).is_relative_to(folder)


def _report(problems: list[str], what: str) -> str:
    unique = sorted(set(problems))  # `from m import a, b` is one import per name
    return f"{len(unique)} {what}:\n" + "\n".join(unique)


def test_views_do_not_import_the_database_or_the_server():
    """app/views imports neither sqlalchemy, app.models nor app.server: it goes through
    app.services.application, which returns plain values."""
    problems = [f"{i.path}:{i.line}: imports {i.target}" for i in imports()
                if _in(i.path, VIEWS) and _under(i.target, NOT_IN_VIEWS)]
    assert not problems, _report(problems, "forbidden imports in app/views")


def test_views_open_no_unit_of_work():
    """No screen touches `.unit_of_work`, `.reading`, `.session` or `.sessions`: each use
    case in app.services.application owns its transaction."""
    problems = []
    for path in sorted(VIEWS.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=rel)):
            if isinstance(node, ast.Attribute) and node.attr in UNIT_OF_WORK:
                problems.append(f"{rel}:{node.lineno}: uses .{node.attr}")
    assert not problems, _report(problems, "units of work opened in app/views")


def test_services_import_neither_qt_nor_the_outer_layers():
    """app/services imports no PySide6 and nothing of app.views, app.server, app.commands,
    app.gui or app.cli: the services run headless, under the CLI and in tests."""
    problems = [f"{i.path}:{i.line}: imports {i.target}" for i in imports()
                if _in(i.path, SERVICES) and _under(i.target, QT + OUTER_LAYERS)]
    assert not problems, _report(problems, "forbidden imports in app/services")


def test_service_packages_import_only_in_the_allowed_direction():
    """Each package of app/services imports only the packages ALLOWED names for it, so the
    layers stay: leaves, then catalogue/lamal/store, pricing/proposals/agents,
    documents/sync, then application and demo. A new package must be declared in ALLOWED."""
    services = tool.service_nodes(APP)
    undeclared = sorted(services - ALLOWED.keys())
    assert not undeclared, f"declare these service packages in ALLOWED: {undeclared}"
    problems = []
    for (a, b), found in tool.package_edges(list(imports())).items():
        if a in services and b in services and b not in ALLOWED[a]:
            problems += [f"{i.path}:{i.line}: {a} imports {i.target} ({b})" for i in found]
    assert not problems, _report(problems, "imports against the layering")


def test_allowed_table_has_no_cycle():
    """The declared directions themselves form no cycle (else the table allows one)."""
    edges = {(a, b) for a, bs in ALLOWED.items() for b in bs if a != b and not {a, b} <= LEAVES}
    assert tool.strongly_connected(set(ALLOWED), edges) == []


def test_no_import_cycle_between_service_packages():
    """No two packages of app/services import each other, directly or round a longer loop
    (strongly connected components of the package graph)."""
    services = tool.service_nodes(APP)
    edges = {e: found for e, found in tool.package_edges(list(imports())).items()
             if set(e) <= services}
    cycles = tool.strongly_connected(services, set(edges))
    problems = []
    for cycle in cycles:
        problems.append(f"cycle {' <-> '.join(cycle)}:")
        problems += sorted({f"  {i.path}:{i.line}: {a} imports {i.target}"
                            for (a, b), found in edges.items() if {a, b} <= set(cycle)
                            for i in found})
    assert not cycles, "\n".join(problems)


def test_few_modules_directly_in_services():
    """At most 12 .py files (with __init__.py) sit directly in app/services: the rest
    belongs in a domain package."""
    top_level = sorted(p.name for p in SERVICES.glob("*.py"))
    assert len(top_level) <= MAX_TOP_LEVEL_SERVICES, (
        f"{len(top_level)} modules directly in app/services (at most "
        f"{MAX_TOP_LEVEL_SERVICES}): {', '.join(top_level)}")


def test_view_modules_are_short():
    """No module of app/views is over 300 lines: a screen that grows splits into widgets,
    and what it computes belongs in app.services.application."""
    problems = []
    for path in sorted(VIEWS.rglob("*.py")):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_VIEW_LINES:
            problems.append(f"{path.relative_to(ROOT).as_posix()}: {lines} lines")
    assert not problems, _report(problems, f"view modules over {MAX_VIEW_LINES} lines")


def test_service_packages_have_a_docstring():
    """Every package under app/services has an __init__.py whose docstring says what it owns,
    its public surface and what it may import."""
    problems = []
    for folder in sorted(p for p in SERVICES.rglob("*") if p.is_dir()):
        if folder.name == "__pycache__" or not any(folder.glob("*.py")):
            continue
        init = folder / "__init__.py"
        rel = init.relative_to(ROOT).as_posix()
        if not init.is_file():
            problems.append(f"{rel}: missing")
        elif not ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))):
            problems.append(f"{rel}: no docstring")
    assert not problems, _report(problems, "service packages without a docstring")


def test_architecture_picture_is_current():
    """docs/architecture.svg and the Mermaid block of docs/architecture.md are what the code
    gives: after changing imports run `python tools/draw_architecture.py`."""
    assert tool.main(["--check"]) == 0, (
        "docs/architecture.svg or docs/architecture.md is out of date: "
        "run python tools/draw_architecture.py")
