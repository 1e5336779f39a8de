"""The project's layers import only downward: lib < accounts < history < pricelist < cases <
reports. ``effectencalculator`` (settings and URLs) sits on top and may import them all.

The imports are read from the source (ast), function-level imports included, so a local
import cannot slip an upward dependency past the test.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ("lib", "accounts", "history", "pricelist", "cases", "reports", "overview")
RANK = {name: rank for rank, name in enumerate(LAYERS)}


def imported_modules(source: str, module: str) -> list[tuple[int, str]]:
    """(line, module) of every import in ``source``, relative imports resolved against
    ``module`` (the dotted name of the file)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                package = module.split(".")[: -node.level]
                name = ".".join([*package, node.module] if node.module else package)
            else:
                name = node.module or ""
            found.append((node.lineno, name))
    return found


def upward_imports(source: str, module: str) -> list[str]:
    """The imports of ``module`` that reach a layer above its own."""
    layer = module.split(".")[0]
    problems = []
    for line, name in imported_modules(source, module):
        target = name.split(".")[0]
        if target in RANK and RANK[target] > RANK[layer]:
            problems.append(f"{module}:{line} imports {name} ({target} is above {layer})")
    return problems


def project_modules():
    for layer in LAYERS:
        for path in sorted((ROOT / layer).rglob("*.py")):
            dotted = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            yield path, dotted.removesuffix(".__init__")


def test_it_finds_no_upward_import_in_the_project():
    problems = [
        problem
        for path, module in project_modules()
        for problem in upward_imports(path.read_text(encoding="utf-8"), module)
    ]
    assert problems == []


def test_lib_imports_no_model_layer_of_django():
    """The library is pure: Django's utilities at most, never the ORM."""
    problems = [
        f"{module}:{line} imports {name}"
        for path, module in project_modules()
        if module.startswith("lib")
        for line, name in imported_modules(path.read_text(encoding="utf-8"), module)
        if name.startswith(("django.db", "django.contrib"))
    ]
    assert problems == []


@pytest.mark.parametrize(
    ("module", "source", "problem"),
    [
        ("lib.costing", "from cases.models import Case", "lib.costing:1 imports cases.models"),
        (
            "accounts.models",
            "def create():\n    from pricelist.models import Financier",
            "accounts.models:2 imports pricelist.models",
        ),
        ("history.models", "import cases.models", "history.models:1 imports cases.models"),
        ("pricelist.views", "from reports import pdf", "pricelist.views:1 imports reports"),
        ("cases.views", "from ..reports import pdf", "cases.views:1 imports reports"),
    ],
)
def test_it_names_an_upward_import(module, source, problem):
    layer, target = module.split(".")[0], problem.split(" imports ")[1].split(".")[0]
    assert upward_imports(source, module) == [f"{problem} ({target} is above {layer})"]


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("reports.views", "from cases.models import Case\nfrom lib import charts"),
        ("cases.views", "from accounts.models import Role\nfrom . import forms"),
        ("pricelist.models", "from history.recorder import record_change"),
        ("lib.charts", "from lib.dutch import month_label"),
    ],
)
def test_it_allows_an_import_at_or_below_its_own_layer(module, source):
    assert upward_imports(source, module) == []
