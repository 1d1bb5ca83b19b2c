"""Imports go one way: the exact core never reaches presentation or numerics layers."""

import ast
import pathlib

import pytest

PACKAGE = pathlib.Path(__file__).parent.parent / "symrg"
CORE = ["errors", "activation", "model", "counting", "weights", "couplings", "decimation"]
FORBIDDEN = {"jinja2", "numpy", "symrg.report", "symrg.cli", "symrg.derive",
             "symrg.reproduce", "symrg.seeds"}


def imported_modules(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            yield ("symrg." + base) if node.level else base


@pytest.mark.parametrize("name", CORE)
def test_core_module_imports_only_core(name):
    for module in imported_modules(PACKAGE / f"{name}.py"):
        assert not any(module == f or module.startswith(f + ".") for f in FORBIDDEN), (
            f"symrg/{name}.py imports {module}")


def test_report_layer_computes_nothing():
    """Reporting reads the record; it never imports the derivation engine."""
    engine = {"symrg.decimation", "symrg.fixedpoints", "symrg.transfer", "symrg.seeds.montecarlo",
              "symrg.counting", "symrg.couplings", "symrg.derive"}
    for path in (PACKAGE / "report").glob("*.py"):
        for module in imported_modules(path):
            assert module not in engine, f"{path.name} imports {module}"
