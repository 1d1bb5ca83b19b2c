"""Lazy imports and the fast mpmath backend."""

import subprocess
import sys

import mpmath
import pytest

HEAVY = ("numpy", "networkx", "jinja2", "matplotlib")


def _loaded_after(code):
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys\nprint('LOADED:', *("
                          f"m for m in {HEAVY!r} if m in sys.modules))"],
                         capture_output=True, text=True, timeout=300, check=True)
    return out.stdout.strip().splitlines()[-1].split()[1:]


def test_cli_import_and_help_load_no_heavy_module():
    assert _loaded_after("import symrg.cli") == []
    assert _loaded_after("import symrg.cli\ntry:\n    symrg.cli.main(['--help'])\n"
                         "except SystemExit:\n    pass") == []


def test_small_derive_loads_only_what_it_uses():
    code = ("import symrg\nfrom symrg.records.derive import derive_record\n"
            "derive_record(symrg.paper_model(), sections=('fixed_points', 'correlations'))")
    assert _loaded_after(code) == []


def test_whole_derive_of_the_paper_model_loads_no_heavy_module():
    """All sections and the paper comparison: no networkx (the interaction graphs are
    light), no sympy.physics (pulled in by ``simplify`` inside sympy's LaTeX printer)."""
    code = ("import sys, symrg\nfrom symrg.records.derive import derive_record\n"
            "from symrg.text.summary import summary_text\nm = symrg.paper_model()\n"
            "summary_text(derive_record(m), m)\n"
            "print('PHYSICS', 'sympy.physics' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code + "\nprint('LOADED:', *("
                          f"m for m in {HEAVY!r} if m in sys.modules))"],
                         capture_output=True, text=True, timeout=300, check=True)
    lines = out.stdout.strip().splitlines()
    assert lines[-2] == "PHYSICS False"
    assert lines[-1].split()[1:] == []


def test_public_names_resolve_lazily():
    import symrg
    assert symrg.rg_map.__module__ == "symrg.rg.decimation"
    assert set(symrg.__all__) <= set(dir(symrg))
    with pytest.raises(AttributeError, match="no attribute 'nonexistent'"):
        symrg.nonexistent


def test_mpmath_uses_the_gmpy2_backend():
    assert mpmath.libmp.BACKEND == "gmpy"
