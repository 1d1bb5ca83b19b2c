"""The command line: JSON record of the paper's model and one-line errors for bad input."""

import json
import subprocess
import sys

import pytest
import sympy

from symrg import paper_model, rg_map
from symrg.cli import main

PAPER = """name = "paper"
width = 1
data = 1
norm = 2
scale = 2
[values]
W = [-1, 1]
b = [-1, 1]
h = [0, 1]
[activation]
name = "heaviside"
"""


@pytest.fixture
def paper_file(tmp_path):
    path = tmp_path / "paper.toml"
    path.write_text(PAPER)
    return path


def test_derive_json_of_the_paper(paper_file, tmp_path, capsys):
    out = tmp_path / "paper.json"
    assert main(["derive", str(paper_file), "--json", str(out), "-q"]) == 0
    record = json.loads(out.read_text())
    assert record["states"] == {"h": [[0], [1]], "sigma": [[0], [1]]}
    assert record["count_matrix"] == [[2, 2], [1, 3]]
    assert record["couplings"] == ["A", "B", "C"]
    assert record["model"]["values"] == {"W": [-1, 1], "b": [-1, 1], "h": [0, 1]}
    engine = rg_map(paper_model()).expressions
    for name, text in record["rg_map"].items():
        assert sympy.sympify(text) == engine[name]
    assert {e["equation"] for e in record["paper_comparison"]} >= {"22", "25", "27"}
    summary = capsys.readouterr().out
    assert "RG map" in summary and "A' =" in summary


def _bad(tmp_path, text, name="bad.toml"):
    path = tmp_path / name
    path.write_text(text)
    return path


BASE = '[values]\nW = [-1, 1]\nb = [-1, 1]\nh = [0, 1]\n'


@pytest.mark.parametrize("text, message", [
    ('[values]\nW = [-1, 1]\nb = [-1, 1]\nh = [0, 1]\n[activation]\ntable = {"-2" = 0, "-1" = 0, "0" = 1, "1" = 1}\n',
     "no value for pre-activation 2"),
    ('[values]\nW = []\nb = [1]\nh = [0, 1]\n', "values.W: value set is empty"),
    ('[values]\nW = [1, 1]\nb = [1]\nh = [0, 1]\n', "values.W: duplicated value 1"),
    ('width = 0\n' + BASE, "width: expected an integer >= 1, got 0"),
    ('data = 0\n' + BASE, "data: expected an integer >= 1, got 0"),
    ('scale = 1\n' + BASE, "scale: expected an integer >= 2, got 1"),
    ('[values]\nW = ["x"]\nb = [1]\nh = [0, 1]\n', "values.W: expected an integer or a rational"),
    (BASE + '[activation]\nname = "swish"\n', "unknown activation 'swish'"),
    ('width = = 2\n', "malformed TOML"),
    ('width = 30\n' + BASE, "model too large"),
])
def test_bad_input_one_line_exit_2(tmp_path, capsys, text, message):
    assert main(["derive", str(_bad(tmp_path, text)), "-q"]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.parametrize("args, message", [
    (["--digits", "10"], "--digits: expected 15 <= digits <= 100000, got 10"),
    (["--digits", "10000000"], "got 10000000"),
    (["--max-states", "0"], "expected a positive integer"),
])
def test_bad_options(paper_file, capsys, args, message):
    with pytest.raises(SystemExit) as exc:
        main(["derive", str(paper_file), *args])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_too_large_names_estimate_and_override(tmp_path, capsys):
    path = _bad(tmp_path, "width = 7\n" + BASE)
    assert main(["derive", str(path), "-q"]) == 2
    err = capsys.readouterr().err
    assert "16,384 entries" in err and "--max-states" in err


def test_unwritable_json_keeps_nothing_half_written(paper_file, tmp_path, capsys):
    target = tmp_path / "missing-dir" / "out.json"
    assert main(["derive", str(paper_file), "--json", str(target), "-q"]) == 2
    assert "symrg: error:" in capsys.readouterr().err
    assert not target.exists()


def test_console_script_has_no_traceback(tmp_path):
    path = _bad(tmp_path, "width = 0\n" + BASE)
    proc = subprocess.run([sys.executable, "-m", "symrg.cli", "derive", str(path)],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr == "symrg: error: width: expected an integer >= 1, got 0\n"
