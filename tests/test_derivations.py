"""Every script in derivations/ runs as a test (its asserts are exact identities)."""

import pathlib
import runpy

import pytest

SCRIPTS = sorted((pathlib.Path(__file__).parent.parent / "derivations").glob("*.py"))


def test_there_are_derivations():
    assert len(SCRIPTS) >= 1


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.stem for s in SCRIPTS])
def test_derivation_script_runs(script, capsys):
    runpy.run_path(str(script), run_name="__main__")
    assert capsys.readouterr().out.strip()
