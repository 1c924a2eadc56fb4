"""The layers' import rules, read from the source with ``ast``: a wrong arrow fails here, not in a reader's head.

``api`` → ``scheduling`` → ``venues``; ``venues.core`` is the kernel every domain uses and it uses none of them;
the domain never imports Litestar; and no chain of module-level imports comes back to where it started.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("venues", "scheduling", "api")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "piccolo_migrations" not in path.parts
    }


def imports_of(path: Path, modules: dict[str, Path]) -> set[str]:
    """Every module ``path`` imports (``from a import b`` counts ``a.b`` when that is a module)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(
                f"{node.module}.{alias.name}" for alias in node.names if f"{node.module}.{alias.name}" in modules
            )
    return found


MODULES = project_modules()
GRAPH = {name: imports_of(path, MODULES) for name, path in MODULES.items()}


def first(name: str) -> str:
    return name.split(".")[0]


@pytest.mark.parametrize(
    ("importer", "forbidden"),
    [("venues", ("scheduling", "api")), ("scheduling", ("api",))],
)
def test_no_import_runs_back_up_the_layers(importer: str, forbidden: tuple[str, ...]) -> None:
    wrong = sorted(
        f"{name} imports {target}"
        for name, targets in GRAPH.items()
        if first(name) == importer
        for target in targets
        if first(target) in forbidden
    )
    assert wrong == []


def test_the_kernel_imports_no_domain() -> None:
    wrong = sorted(
        f"{name} imports {target}"
        for name, targets in GRAPH.items()
        if name.startswith("venues.core")
        for target in targets
        if first(target) in PACKAGES and not target.startswith("venues.core")
    )
    assert wrong == []


def test_the_domain_never_imports_litestar() -> None:
    wrong = sorted(
        f"{name} imports {target}"
        for name, targets in GRAPH.items()
        if first(name) in ("venues", "scheduling")
        for target in targets
        if first(target) == "litestar"
    )
    assert wrong == []


def test_no_import_cycle_between_modules() -> None:
    edges = {name: {t for t in targets if t in MODULES and t != name} for name, targets in GRAPH.items()}
    # A package's __init__ importing its own modules is not a cycle of the code's design.
    edges = {name: {t for t in targets if not name.startswith(t + ".")} for name, targets in edges.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for name in sorted(edges):
        if name not in index:
            visit(name)
    assert cycles == []


def test_the_graph_is_read() -> None:
    """The checks above see the real graph: scheduling does import venues' kernel."""
    assert any(first(t) == "venues" for name, targets in GRAPH.items() if first(name) == "scheduling" for t in targets)


def defined_names(path: Path) -> set[str]:
    """What a module defines itself at top level (not what it imports)."""
    names: set[str] = set()
    for node in ast.parse(path.read_text(), str(path)).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.If | ast.Try):
            names.update(defined_names_in(node))
    return names


def defined_names_in(node: ast.AST) -> set[str]:
    return {
        child.name if hasattr(child, "name") else child.id
        for child in ast.walk(node)
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        or (isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store))
    }


def test_names_are_imported_from_their_home_module() -> None:
    """No module passes on what it imported: a reader following an import lands where the name is defined."""
    homes = {name: defined_names(path) for name, path in MODULES.items() if path.name != "__init__.py"}
    wrong = sorted(
        f"{name} imports {node.module}.{alias.name}"
        for name, path in MODULES.items()
        for node in ast.walk(ast.parse(path.read_text(), str(path)))
        if isinstance(node, ast.ImportFrom) and node.module in homes
        for alias in node.names
        if alias.name not in homes[node.module] and f"{node.module}.{alias.name}" not in MODULES
    )
    assert wrong == []
