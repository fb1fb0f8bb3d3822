"""The pipeline's layers point one way: a lower stage never imports a higher one.

The data model sits under everything and renders nothing, and ``parse/`` reads
lexicons through ``integrity.ruledata`` without the rule engine. An import that
breaks this is easy to add by accident (a local import in a function, a
``TYPE_CHECKING`` block, a relative ``from .. import``), so the static checks
read every import statement of each module's syntax tree, wherever it sits,
and the first test shows they catch each of those forms.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "integrity"
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports(source: str, module: str, *, is_package: bool = False) -> list[tuple[str, bool]]:
    """Every module ``source`` imports, as (absolute name, only under TYPE_CHECKING).

    ``from a import b`` names both ``a`` and ``a.b`` (``b`` may be a submodule);
    relative imports resolve against ``module``; ``importlib.import_module`` and
    ``__import__`` with a literal name count too.
    """
    package = module if is_package else module.rpartition(".")[0]
    found: list[tuple[str, bool]] = []

    def visit(node: ast.AST, typing_only: bool) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for statement in node.body:
                visit(statement, True)
            for statement in node.orelse:
                visit(statement, typing_only)
            return
        if isinstance(node, ast.Import):
            found.extend((alias.name, typing_only) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            found.append((origin, typing_only))
            found.extend((f"{origin}.{alias.name}", typing_only) for alias in node.names if alias.name != "*")
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name in ("import_module", "__import__") and node.args:
                arg = node.args[0]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.append((arg.value, typing_only))
        for child in ast.iter_child_nodes(node):
            visit(child, typing_only)

    visit(ast.parse(source), False)
    return found


def module_imports(path: Path) -> list[tuple[str, bool]]:
    return imports(path.read_text(encoding="utf-8"), module_name(path), is_package=path.name == "__init__.py")


def within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


@pytest.mark.parametrize(
    "source",
    [
        "import integrity.rules",
        "import integrity.rules.load as load",
        "from integrity.rules import load",
        "from integrity import rules",
        "from ..rules import load",
        "from .. import rules",
        "from ..rules.evaluate import Ruleset",
        "def f():\n    from ..rules import load\n",
        "class C:\n    def m(self):\n        import integrity.rules\n",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..rules import Ruleset\n",
        "try:\n    pass\nexcept ImportError:\n    from ..rules import load\n",
        "import importlib\nimportlib.import_module('integrity.rules.load')\n",
    ],
)
def test_the_import_walker_sees_every_form_of_import(source: str) -> None:
    """The static checks below cannot pass by missing an import they are meant to refuse."""
    names = [name for name, _ in imports(source, "integrity.parse.bylines")]
    assert any(within(n, "integrity.rules") for n in names), names


def test_rule_data_is_not_the_rule_engine() -> None:
    names = [name for name, _ in imports("from ..ruledata import lexicon", "integrity.parse.bylines")]
    assert names == ["integrity.ruledata", "integrity.ruledata.lexicon"]


def test_the_walker_tells_type_checking_imports_apart() -> None:
    source = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .locations import OffsetMap\nelse:\n    import json\n"
    assert sorted(imports(source, "integrity.model")) == [
        ("integrity.locations", True), ("integrity.locations.OffsetMap", True), ("json", False),
        ("typing", False), ("typing.TYPE_CHECKING", False),
    ]
    assert imports("from . import model", "integrity", is_package=True)[0] == ("integrity", False)


def test_importing_the_model_loads_no_writer() -> None:
    code = "import json, sys\nimport integrity.model\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], env=ENV, cwd=ROOT, capture_output=True, text=True, check=True)
    loaded = json.loads(out.stdout)
    assert "integrity.model" in loaded
    assert [m for m in loaded if within(m, "integrity.writers")] == []


def test_parse_does_not_import_the_rule_engine() -> None:
    modules = sorted((PACKAGE / "parse").rglob("*.py"))
    assert len(modules) > 5  # the package is where this test thinks it is
    offending = {
        module_name(path): names
        for path in modules
        if (names := sorted({n for n, _ in module_imports(path) if within(n, "integrity.rules")}))
    }
    assert offending == {}


def test_the_model_imports_nothing_above_it() -> None:
    """model.py needs only the standard library; integrity modules only for type hints."""
    found = module_imports(PACKAGE / "model.py")
    runtime = sorted({n for n, typing_only in found if not typing_only})
    assert "dataclasses" in runtime  # the walker read the real module
    assert [n for n in runtime if n.split(".")[0] not in sys.stdlib_module_names] == []
    typing_only = {n for n, t in found if t and within(n, "integrity")}
    assert typing_only  # the OffsetMap / LineIndex hints: seen, so the TYPE_CHECKING branch is walked
