"""The command line: JSON record of the paper's model and one-line errors for bad input."""

import json
import subprocess
import sys

import pytest
from texlive import require_pdflatex
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
    ('width = 30\ndata = 2\n' + BASE, "model too large"),
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
    """Two data points: no derivation on types, so 2^8 x 2^8 bond weights are refused at
    load (one data point at this width would derive on types instead)."""
    path = _bad(tmp_path, "width = 4\ndata = 2\n" + BASE)
    assert main(["derive", str(path), "-q"]) == 2
    err = capsys.readouterr().err
    assert "would be 65,536" in err and "--max-states" in err


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


# -- issue 13: output targets, timeout, internal errors ----------------------------------
@pytest.mark.parametrize("target, message", [
    ("/dev/null", "is a character device"),
    ("", "empty path"),
])
def test_json_target_checked_before_work(paper_file, capsys, target, message):
    assert main(["derive", str(paper_file), "--json", target, "-q"]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert __import__("os").path.exists("/dev/null")


def test_report_target_checked_before_work(paper_file, tmp_path, capsys):
    blocker = tmp_path / "out"
    blocker.write_text("x")
    assert main(["report", str(paper_file), "-o", str(blocker), "--no-pdf", "-q"]) == 2
    assert "give a directory" in capsys.readouterr().err


def test_internal_error_is_one_line_and_debug_shows_traceback(paper_file, capsys, monkeypatch):
    import symrg.records.derive

    def broken(*args, **kwargs):
        raise ZeroDivisionError("boom")
    monkeypatch.setattr(symrg.records.derive, "derive_record", broken)
    assert main(["derive", str(paper_file), "-q"]) == 2
    err = capsys.readouterr().err
    assert err == ("symrg: error: internal error: ZeroDivisionError: boom "
                   "(run with --debug for the traceback)\n")
    assert main(["derive", str(paper_file), "-q", "--debug"]) == 2
    assert "Traceback" in capsys.readouterr().err


def test_timeout_gives_up_with_exit_3(paper_file, capsys, monkeypatch):
    import time

    import symrg.records.derive

    def slow(*args, **kwargs):
        while True:
            time.sleep(0.01)
    monkeypatch.setattr(symrg.records.derive, "derive_record", slow)
    assert main(["derive", str(paper_file), "-q", "--timeout", "0.3"]) == 3
    assert capsys.readouterr().err == "symrg: gave up after 0.3 s (--timeout)\n"


# -- issue 13: names render in the PDF ---------------------------------------------------
@pytest.mark.parametrize("name", ["\u03dc\u03df\u03db\u03e1\u0371\u03f3\u03a5",
                                  "\U0001F600 net \U0001F389", "averyverylongword" * 12])
def test_unicode_and_long_names_produce_a_pdf(tmp_path, name):
    require_pdflatex()
    from report_fixtures import sample_record
    from symrg.report import write_report
    record = sample_record()
    record = {**record, "model": {**record["model"], "name": name}}
    paths = write_report(record, tmp_path, "named")
    assert paths["pdf"].read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["named"]


# -- issue 13: kill -9 leaves the old or the new report, never a mix -------------------
SWAPPER = r"""
import sys, time
from symrg.report.io import report_directory
out, n = sys.argv[1], 0
while True:
    n += 1
    tag = "new" if n % 2 else "old"
    with report_directory(out, "rep") as build:
        for k in range(6):
            (build / f"part{k}.txt").write_text(tag * 1000)
        (build / "figures").mkdir()
        (build / "figures" / "f.txt").write_text(tag)
"""


def _report_state(directory):
    files = sorted(str(p.relative_to(directory)) for p in directory.rglob("*"))
    return files, {p.read_text()[:3] for p in directory.rglob("*") if p.is_file()}


def test_kill_9_during_directory_swaps_leaves_a_whole_report(tmp_path):
    import os
    import random
    import signal
    import time
    from symrg.report.io import report_directory
    out = tmp_path / "out"
    with report_directory(out, "rep") as build:
        for k in range(6):
            (build / f"part{k}.txt").write_text("old" * 1000)
        (build / "figures").mkdir()
        (build / "figures" / "f.txt").write_text("old")
    whole, _ = _report_state(out / "rep")
    rng = random.Random(13)
    for _ in range(20):
        proc = subprocess.Popen([sys.executable, "-c", SWAPPER, str(out)])
        time.sleep(1.0 + rng.random() * 1.5)     # imports first, then thousands of swaps
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        files, tags = _report_state(out / "rep")
        assert files == whole and len(tags) == 1, (files, tags)
    with report_directory(out, "rep") as build:                  # the next run
        (build / "x").write_text("x")
    assert sorted(p.name for p in out.iterdir()) == ["rep"]       # no debris left


def test_width_table_keeps_the_exponent_of_every_number(tmp_path, capsys):
    """The width table cut record strings to 22 characters: chi = 2.1146e-5 printed as
    2.11462834526967153215 and xi = 8.3e138 as 8.33513207701602450701.  Every number is
    now rounded by value, and the table equals the record to the digits it shows."""
    import mpmath
    model = tmp_path / "biased.toml"
    model.write_text('name = "biased"\n[values]\nW = [-1, 2]\nb = [-1, 0]\nh = [0, 1]\n'
                     '[activation]\nname = "heaviside0"\n')
    record = tmp_path / "w.json"
    assert main(["width", str(model), "--widths", "64", "-q", "--digits", "30",
                 "--json", str(record)]) == 0
    row = next(line.split() for line in capsys.readouterr().out.splitlines()
               if line.split()[:1] == ["64"])
    rec = json.loads(record.read_text())["rows"][0]
    for shown, key in zip(row[3:6], ("chi_dna", "xi_dna", "xi_plain")):
        assert mpmath.almosteq(mpmath.mpf(shown), mpmath.mpf(rec[key]), rel_eps=1e-16)
    assert mpmath.mpf(row[5]) > 1e138
