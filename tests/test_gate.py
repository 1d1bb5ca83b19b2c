"""Issue 22: one gate for every entry point (scan specs, stores, exports, plot stems,
``--widths``, ``--from``, ``--steps``) and completed activation tables.

One test per row of the issue's table, the byte-for-byte check of refused targets,
the closed-form scan count (counted calls, no timing), and both paths of a table
activation whose outputs leave V_h (complete: accepted and checked against a literal
enumeration of the plain network; incomplete: a message the user can act on).
"""

import errno
import hashlib
import itertools
import os
from fractions import Fraction
from pathlib import Path

import pytest
import sympy

from symrg.cli import EXIT_SCAN_FAILED, EXIT_SCAN_PARTIAL, main, scan_status
from symrg.errors import ModelError, ModelTooLargeError
from symrg.scan import spec as spec_module
from symrg.scan.spec import ScanSpecError, count_models, expand, load_spec, parse_spec

BASE_TOML = "[base.values]\nW = [-1, 1]\nb = [-1, 1]\nh = [0, 1]\n"
PAPER = "[values]\nW = [-1, 1]\nb = [-1, 1]\nh = [0, 1]\n"
START = "exp_A=2,exp_B=1,exp_C=1"


def run(argv, capsys):
    """``symrg argv`` in-process: (status, stderr)."""
    try:
        status = main([str(a) for a in argv])
    except SystemExit as exc:
        status = exc.code
    return status, capsys.readouterr().err


def one_error(err):
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("symrg: error: "), err
    assert "Traceback" not in err and "internal error" not in err
    return lines[0]


def tree(path):
    """{relative name: sha256} of every file under ``path`` (directories as None)."""
    out = {}
    for p in sorted(Path(path).rglob("*")):
        if p.is_fifo() or p.is_dir():
            out[str(p.relative_to(path))] = None
        else:
            out[str(p.relative_to(path))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


@pytest.fixture
def paper(tmp_path):
    path = tmp_path / "paper.toml"
    path.write_text(PAPER)
    return path


def spec_file(tmp_path, text, name="spec.toml"):
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


# -- row 1: 10^9 models; the count in closed form --------------------------------------
def big_spec(per_axis=1000, axes=("widths", "data", "scales", "norms")):
    return parse_spec({"base": {"values": {"W": [-1, 1], "b": [-1, 1], "h": [0, 1]}},
                       "axes": {a: list(range(1, per_axis + 1)) for a in axes}})


def test_scan_of_10_to_the_12_is_refused_without_visiting_points(monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("a point was built")
    monkeypatch.setattr(spec_module, "_outer_points", never)
    monkeypatch.setattr(spec_module, "canonical_text", never)
    spec = big_spec()
    assert count_models(spec) == 10 ** 12
    with pytest.raises(ScanSpecError, match=r"1,000,000,000,000 models, more than "
                                            r"--max-models 10,000"):
        expand(spec)


def test_count_is_linear_in_the_axes_for_tables(monkeypatch):
    """``tables = "all"``: one sumset per (values, widths) pair, whatever the other axes."""
    calls = []
    real = spec_module._tables_at
    monkeypatch.setattr(spec_module, "_tables_at",
                        lambda *a: calls.append(a) or real(*a))
    values = [{"W": [-1, 1], "b": [-1, 1], "h": [0, 1]}, {"W": [1], "b": [0, 1], "h": [0, 1]}]
    spec = parse_spec({"base": {}, "axes": {"tables": "all", "values": values,
                                            "widths": [1, 2], "scales": [2, 3, 4],
                                            "norms": [1, 2, 3, 4, 5]}})
    total = count_models(spec)
    assert len(calls) == 4
    # by hand: pre(W, b in {-1, 1}, h in {0, 1}, N) = {-N-1, ..., N+1}; W = [1]: {0..N+1}
    per_values = [2 ** 5 + 2 ** 7, 2 ** 3 + 2 ** 4]
    assert total == sum(per_values) * 3 * 5
    assert total == _enumerated_count(spec)


def _enumerated_count(spec):
    """The count by walking every point (the old way): the oracle of the closed form."""
    total = 0
    for _, d in spec_module._outer_points(spec):
        h, pre = spec_module._preactivations(d)
        total += len(h) ** len(pre)
    return total


def test_count_of_tables_at_huge_width_is_bounded_not_exact():
    """A width of 10^9 in ``tables = "all"``: the sumset loop stops at the cap."""
    spec = parse_spec({"base": {"values": {"W": [-1, 1], "b": [-1, 1], "h": [0, 1]}},
                       "axes": {"tables": "all", "widths": [1, 10 ** 9]}})
    assert count_models(spec, limit=10 ** 4) > 10 ** 4
    with pytest.raises(ScanSpecError, match="more than --max-models 10,000"):
        expand(spec)


@pytest.mark.parametrize("W, b, h, width", [([-1, 1], [-1, 1], [0, 1], 3),
                                            ([0], [1, 2], [0, 1, 2], 5),
                                            (["1/2", 2], [0], [-1, "1/3"], 4),
                                            ([1], [0], [0, 1], 1)])
def test_preactivation_count_matches_the_sumset(W, b, h, width):
    W, b, h = ([sympy.Rational(v) for v in s] for s in (W, b, h))
    exact = len(spec_module.reachable_preactivations(W, b, h, width))
    assert spec_module._preactivation_count(W, b, h, width, cap=10 ** 6) == exact
    assert spec_module._preactivation_count(W, b, h, width, cap=2) == min(exact, 3)


# -- rows 2-5: the spec file passes the model-file gate --------------------------------
def test_spec_that_is_a_fifo_is_refused(tmp_path, capsys):
    fifo = tmp_path / "spec.toml"
    os.mkfifo(fifo)
    status, err = run(["scan", fifo, "-q"], capsys)
    assert status == 2 and "is a FIFO" in one_error(err)


def test_spec_dev_zero_is_refused(capsys):
    status, err = run(["scan", "/dev/zero", "-q"], capsys)
    assert status == 2 and "'/dev/zero' is a character device" in one_error(err)


@pytest.mark.parametrize("text", ["x = " + "[" * 5000 + "]" * 5000 + "\n",
                                  "x = " + "{a = " * 5000 + "1" + "}" * 5000 + "\n",
                                  "[" + ".".join(["a"] * 5000) + "]\nx = 1\n"])
def test_spec_nested_5000_deep_is_refused(tmp_path, capsys, text):
    status, err = run(["scan", spec_file(tmp_path, text), "-q"], capsys)
    assert status == 2 and "nested" in one_error(err)


def test_spec_with_non_utf8_bytes_names_the_byte_offset(tmp_path, capsys):
    path = spec_file(tmp_path, b'[scan]\nname = "Schr\xf6dinger"\n' + BASE_TOML.encode())
    status, err = run(["scan", path, "-q"], capsys)
    assert status == 2
    assert "scan spec" in err and "0xf6 at byte offset 19" in one_error(err)


def test_spec_gate_is_the_model_gate(tmp_path):
    """The same limits as model files: string length, list length, digits."""
    for text, match in [(BASE_TOML + '[scan]\nname = "' + "x" * 5000 + '"\n', "string of"),
                        (BASE_TOML + "[axes]\nwidths = " + str(list(range(5000))) + "\n",
                         "entries"),
                        (BASE_TOML + "[axes]\nwidths = [" + "9" * 200 + "]\n", "digits")]:
        with pytest.raises(ScanSpecError, match=match):
            load_spec(spec_file(tmp_path, text))


# -- row 8: unknown keys up front -------------------------------------------------------
@pytest.mark.parametrize("text, where", [
    ('[base]\nmodel = "m.toml"\n' + BASE_TOML + "[axes]\nwidths = [1]\n", "base"),
    ("[base.values]\nW = [-1, 1]\nb = [-1, 1]\nh = [0, 1]\nH = [1]\n[axes]\nwidths = [1]\n",
     "base.values"),
    (BASE_TOML + '[axes]\nactivations = [{nme = "relu"}]\n', r"axes.activations\[0\]"),
    (BASE_TOML + "[axes]\nvalues = [{W = [1], b = [0], h = [0, 1], w = [2]}]\n",
     r"axes.values\[0\]")])
def test_unknown_keys_are_refused_up_front_with_the_known_ones(tmp_path, capsys, text, where,
                                                               monkeypatch):
    monkeypatch.chdir(tmp_path)
    status, err = run(["scan", spec_file(tmp_path, text), "-q"], capsys)
    line = one_error(err)
    assert status == 2 and f"{where.replace(chr(92), '')}: unknown key" in line
    assert "expected one of" in line
    assert not list(tmp_path.glob("*.sqlite"))


# -- rows 6, 7: --store and --export checked before any work ----------------------------
@pytest.fixture
def no_scan(monkeypatch):
    """Fail the test if the scan engine would run (targets must be refused first)."""
    from symrg.scan import engine

    def never(*args, **kwargs):
        raise AssertionError("the scan started")
    monkeypatch.setattr(engine, "expand", never)
    monkeypatch.setattr(engine, "connect", never)


def test_store_in_proc_is_refused(tmp_path, capsys, no_scan):
    spec = spec_file(tmp_path, BASE_TOML + "[axes]\nwidths = [1]\n")
    status, err = run(["scan", spec, "--store", "/proc/symrg-x.sqlite", "-q"], capsys)
    assert status == 2 and "--store '/proc/symrg-x.sqlite'" in one_error(err)


def test_store_on_a_read_only_file_system_is_refused(tmp_path, capsys, no_scan, monkeypatch):
    import tempfile

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")
    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    spec = spec_file(tmp_path, BASE_TOML + "[axes]\nwidths = [1]\n")
    store = tmp_path / "s.sqlite"
    status, err = run(["scan", spec, "--store", store, "-q"], capsys)
    line = one_error(err)
    assert status == 2 and f"--store '{store}'" in line and "Read-only file system" in line


def test_export_onto_a_directory_is_refused_before_the_scan(tmp_path, capsys, no_scan,
                                                            monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out.csv").mkdir()
    spec = spec_file(tmp_path, BASE_TOML + "[axes]\nwidths = [1]\n")
    before = tree(tmp_path)
    status, err = run(["scan", spec, "--export", "out.csv", "-q"], capsys)
    line = one_error(err)
    assert status == 2 and "--export 'out.csv' is a directory" in line and ".tmp" not in line
    assert tree(tmp_path) == before


@pytest.mark.parametrize("option, value, match", [
    ("--store", "", "--store: empty path"), ("--store", "/dev/null", "character device"),
    ("--store", "{tmp}", "is a directory"), ("--store", "{fifo}", "is a FIFO"),
    ("--store", "{tmp}/missing/s.sqlite", "does not exist"),
    ("--export", "", "--export: expected a .csv"), ("--export", "/dev/null", "expected a .csv"),
    ("--export", "{tmp}/x.txt", "expected a .csv"), ("--export", "/proc/x.csv", "/proc/x.csv"),
    ("--export", "{fifo}.csv", "is a FIFO")])
def test_bad_scan_targets_are_refused_in_one_line(tmp_path, capsys, no_scan, option, value,
                                                  match, monkeypatch):
    monkeypatch.chdir(tmp_path)
    os.mkfifo(tmp_path / "f")
    os.mkfifo(tmp_path / "f.csv")
    spec = spec_file(tmp_path, BASE_TOML + "[axes]\nwidths = [1]\n")
    value = value.replace("{tmp}", str(tmp_path)).replace("{fifo}", str(tmp_path / "f"))
    status, err = run(["scan", spec, option, value, "-q"], capsys)
    assert status == 2 and match in one_error(err)


def test_export_leaves_no_temporary_file_on_failure(tmp_path, monkeypatch):
    """A write that fails half-way (disk full at fsync): the old file stays, no
    temporary file is left, and the message names the path given."""
    from symrg.errors import ReportError
    from symrg.report import io
    from symrg.scan.store import ScanStore, export_summary
    target = tmp_path / "out.csv"
    target.write_text("old\n")
    with ScanStore(tmp_path / "s.sqlite", "0" * 64) as store:
        def full(fd):
            raise OSError(errno.ENOSPC, "No space left on device")
        with monkeypatch.context() as m:
            m.setattr(io.os, "fsync", full)
            with pytest.raises(ReportError) as info:
                export_summary(store, target)
        assert str(target) in str(info.value) and ".tmp" not in str(info.value)
        assert target.read_text() == "old\n"
        assert sorted(p.name for p in tmp_path.iterdir() if "csv" in p.name
                      or "tmp" in p.name) == ["out.csv"]
        export_summary(store, target)
        assert target.read_text().startswith("id,hash,status")
        assert sorted(p.name for p in tmp_path.iterdir() if "csv" in p.name
                      or "tmp" in p.name) == ["out.csv"]


# -- targets unchanged byte for byte after a refused run --------------------------------
def test_refused_runs_leave_every_target_byte_for_byte(tmp_path, capsys, paper, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "fake.sqlite").write_bytes(b"not a store \x00\xff")
    (tmp_path / "out.csv").write_text("a,b\n1,2\n")
    (tmp_path / "plot.pdf").write_bytes(b"%PDF old")
    (tmp_path / "plot.png").write_bytes(b"\x89PNG old")
    (tmp_path / "w.json").write_text("{}")
    big = spec_file(tmp_path, "[base.values]\nW=[-1,1]\nb=[-1,1]\nh=[0,1]\n[axes]\n"
                    + "\n".join(f"{k} = {list(range(1, 1001))}"
                                for k in ("widths", "data", "scales", "norms")), "big.toml")
    ok = spec_file(tmp_path, BASE_TOML + "[axes]\nwidths = [1]\n", "ok.toml")
    before = tree(tmp_path)
    runs = [["scan", ok, "--store", "fake.sqlite", "--export", "out.csv", "-q"],
            ["scan", big, "--store", "new.sqlite", "--export", "out.csv", "-q"],
            ["scan", ok, "--store", "new.sqlite", "--export", "out.txt", "-q"],
            ["report", "fake.sqlite", "-o", tmp_path, "--no-pdf"],
            ["flow", paper, "--from", START, "--steps", "40", "--exact", "--plot", "plot"],
            ["flow", paper, "--from", "A=1e999,B=0,C=0", "--plot", "plot.pdf"],
            ["width", paper, "--widths", ",".join(map(str, range(1, 3001))), "--json", "w.json"]]
    for argv in runs:
        status, err = run(argv, capsys)
        assert status == 2, (argv, err)
        one_error(err)
    assert tree(tmp_path) == before


# -- row 9: --plot /dev/null ------------------------------------------------------------
@pytest.mark.parametrize("plot, match", [("/dev/null", "'/dev/null' is a character device"),
                                         ("/dev/null.pdf", "'/dev/null' is a character"),
                                         ("", "--plot: empty path"),
                                         ("{tmp}", "is a directory"),
                                         ("{tmp}/d.pdf", "is a directory"),
                                         ("/proc/x", "--plot '/proc/x.pdf'")])
def test_plot_stem_and_its_files_are_checked_first(tmp_path, capsys, paper, plot, match):
    (tmp_path / "d.pdf").mkdir()
    plot = plot.replace("{tmp}", str(tmp_path))
    status, err = run(["flow", paper, "--from", START, "--plot", plot], capsys)
    assert status == 2 and match in one_error(err)
    assert not os.path.exists("/dev/null.pdf") and not os.path.exists("/dev/null.png")


def test_figures_stem_of_width_is_checked_first(tmp_path, capsys, paper):
    status, err = run(["width", paper, "--widths", "1,2", "--figures", "/dev/null"], capsys)
    assert status == 2 and "--figures '/dev/null' is a character device" in one_error(err)


# -- row 10: total work of --widths and --steps ----------------------------------------
def test_widths_whose_total_is_too_large_are_refused(capsys, paper):
    widths = ",".join(str(n) for n in range(1, 3001))      # each alone is below its limit
    status, err = run(["width", paper, "--widths", widths], capsys)
    line = one_error(err)
    assert status == 2 and "3,000 widths with 4,504,500 types in all" in line
    assert "--max-states" in line


def test_report_widths_total_is_refused_before_the_derivation(tmp_path, capsys, paper,
                                                               monkeypatch):
    from symrg import reproduce

    def never(*args, **kwargs):
        raise AssertionError("the report started")
    monkeypatch.setattr(reproduce, "report_model", never)
    widths = ",".join(str(n) for n in range(1, 3001))
    status, err = run(["report", paper, "-o", tmp_path / "out", "--no-pdf", "--widths", widths],
                      capsys)
    assert status == 2 and "types in all" in one_error(err)


def test_widths_total_is_the_sum_of_type_counts(paper):
    from symrg.model.files import load_model_file
    from symrg.width.chain import WIDTH_WORK_FACTOR, check_widths_total
    model = load_model_file(paper)
    assert check_widths_total(model, [1, 2, 4]) == 2 + 3 + 5        # C(N + 1, 1)
    limit = WIDTH_WORK_FACTOR * 10
    widths = [1, 2, 3]                                         # 2 + 3 + 4 = 9 <= 40
    assert check_widths_total(model, widths, max_states=10) == 9
    with pytest.raises(ModelTooLargeError, match=f"above the limit {limit}"):
        check_widths_total(model, list(range(1, 9)), max_states=10)   # 44 > 40


@pytest.mark.parametrize("text", ["1..3000", "", "1,,2", "²", "-1", "0", "1e3",
                                  "9" * 13, ",".join(["1"] * 4097)])
def test_parse_widths_refuses_in_one_line(text):
    from symrg.width.chain import parse_widths
    with pytest.raises(ModelError, match="widths:"):
        parse_widths(text)


def test_flow_steps_total_work_is_bounded(capsys, paper):
    status, err = run(["flow", paper, "--from", START, "--steps", "10000000", "--digits", "20"],
                      capsys)
    line = one_error(err)
    assert status == 2 and "10,000,000 steps x 4 bond weights" in line and "--steps" in line
    status, err = run(["flow", paper, "--from", START, "--steps", "40", "--exact"], capsys)
    assert status == 2 and "drop --exact" in one_error(err)


@pytest.mark.parametrize("scale, steps", [(2, 8), (3, 5)])
def test_exact_flow_digit_estimate_lies_above_the_digits_reached(scale, steps):
    """The estimate (d0 + 4 c) p^k against the digits an exact flow really reaches."""
    from symrg.rg.flow import rg_trajectory
    from symrg.model.network import paper_model
    model = paper_model(scale=scale)
    start = {"exp_A": sympy.Rational(2), "exp_B": sympy.Rational(1, 3),
             "exp_C": sympy.Rational(5)}
    points = rg_trajectory(model, start, steps, exact=True)
    for k, point in enumerate(points):
        reached = max(len(str(abs(v.p))) + len(str(v.q)) for v in point.values())
        assert reached <= (2 + 4 * 3) * scale ** k, (k, reached)


@pytest.mark.parametrize("start", ["A=1e999999999,B=0,C=0", "exp_A=1e99999,B=0,C=0",
                                   "A=1/0,B=0,C=0", "A=" + "9" * 5000 + ",B=0,C=0"])
def test_from_numbers_have_the_model_file_bounds(capsys, paper, start):
    status, err = run(["flow", paper, "--from", start], capsys)
    assert status == 2 and "--from" in one_error(err)


# -- row 11: report fake.sqlite ---------------------------------------------------------
def test_report_of_a_fake_store_names_no_option_report_lacks(tmp_path, capsys):
    fake = tmp_path / "fake.sqlite"
    fake.write_text("hello")
    status, err = run(["report", fake, "-o", tmp_path / "out", "--no-pdf"], capsys)
    line = one_error(err)
    assert status == 2 and "not a symrg scan" in line and "--store" not in line
    os.mkfifo(tmp_path / "pipe.sqlite")
    status, err = run(["report", tmp_path / "pipe.sqlite", "-o", tmp_path / "out"], capsys)
    assert status == 2 and "is a FIFO" in one_error(err)


# -- exit status of scans ---------------------------------------------------------------
def test_scan_status_maps_the_counts():
    assert scan_status({"done": 2, "failed": 0, "timeout": 0, "pending": 0}) == 0
    assert scan_status({"done": 2, "failed": 1, "timeout": 0, "pending": 0}) == EXIT_SCAN_PARTIAL
    assert scan_status({"done": 2, "failed": 0, "timeout": 0, "pending": 1}) == EXIT_SCAN_PARTIAL
    assert scan_status({"done": 0, "failed": 1, "timeout": 1, "pending": 0}) == EXIT_SCAN_FAILED
    assert (EXIT_SCAN_PARTIAL, EXIT_SCAN_FAILED) == (4, 5)


@pytest.mark.parametrize("counts, status", [((1, 0, 0), 0), ((1, 1, 0), 4), ((0, 1, 1), 5)])
def test_scan_cli_exit_status_follows_the_store(tmp_path, capsys, monkeypatch, counts, status):
    from symrg.scan import engine
    from symrg.scan.engine import ScanResult
    done, failed, timeout = counts

    def fake(spec, store, **kwargs):
        return ScanResult(3, 0, {"done": done, "failed": failed, "timeout": timeout,
                                 "pending": 0})
    monkeypatch.setattr(engine, "run_scan", fake)
    spec = spec_file(tmp_path, BASE_TOML + "[axes]\nwidths = [1]\n")
    assert run(["scan", spec, "--store", tmp_path / "s.sqlite", "-q"], capsys)[0] == status


def test_spec_whose_every_model_fails_is_refused_and_writes_nothing(tmp_path, capsys,
                                                                     monkeypatch):
    monkeypatch.chdir(tmp_path)
    spec = spec_file(tmp_path, BASE_TOML + "[axes]\nwidths = [0, -1]\n")
    status, err = run(["scan", spec, "-q"], capsys)
    line = one_error(err)
    assert status == 2 and "every model of the scan fails validation" in line
    assert "width: expected an integer >= 1, got 0" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["spec.toml"]


def test_unreachable_scheduler_writes_no_store(tmp_path, capsys):
    spec = spec_file(tmp_path, BASE_TOML + "[axes]\nwidths = [1]\n")
    store = tmp_path / "s.sqlite"
    status, err = run(["scan", spec, "--store", store, "--scheduler", "tcp://127.0.0.1:9",
                       "-q"], capsys)
    assert status == 2 and "cannot reach a Dask scheduler" in one_error(err)
    assert not store.exists()


def test_a_partly_invalid_spec_keeps_its_failed_rows():
    points = expand(parse_spec({"base": {"values": {"W": [-1, 1], "b": [-1, 1], "h": [0, 1]}},
                                "axes": {"widths": [1, 0]}}))
    assert [bool(p.error) for p in points] == [False, True]


# -- completed activation tables (issue 22, item 4) -------------------------------------
TABLE = {"-2": 5, "-3/2": 2, "-1": 2, "-1/2": 2, "0": 2, "2": 2, "5/2": 5, "3": -1, "4": 5,
         "9/2": 5, "5": 2, "11/2": -1, "6": -1, "10": 2, "21/2": -1, "11": 2}


def table_model(table):
    import warnings
    from symrg.model.network import Model
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return Model.from_dict({"norm": 1, "scale": 3,
                                "values": {"W": [1, 2], "b": [0, "1/2", 1], "h": [2, -1]},
                                "activation": {"table": dict(table)}})


def test_every_key_of_a_table_is_kept():
    model = table_model(TABLE)
    given = {str(k): int(v) for k, v in model.activation.given()}
    assert given == {str(sympy.Rational(k)): v for k, v in TABLE.items()}
    assert model.to_dict()["activation"]["table"] == {str(sympy.Rational(k)): str(v)
                                                      for k, v in sorted(
                                                          TABLE.items(),
                                                          key=lambda kv: Fraction(kv[0]))}
    assert set(model.sigma_values) == {2, -1, 5}          # outputs on V_h's reach only
    reached = {x for x, _ in model.activation.table}
    assert {sympy.Rational(k) for k in ("11/2", "6", "10", "21/2", "11")}.isdisjoint(reached)


def _plain_partition_by_hand(table, depth=2):
    """Literal enumeration of the plain network (N = L = 1): sum over (W, b) per layer
    of exp(-beta |y - s|^q); a Counter of distances, written independently of symrg."""
    from collections import Counter
    sigma = {Fraction(k): Fraction(v) for k, v in table.items()}
    W, b = [Fraction(1), Fraction(2)], [Fraction(0), Fraction(1, 2), Fraction(1)]
    x, y = Fraction(-1), Fraction(-1)                    # default input and label: last h value
    counts = Counter()
    for params in itertools.product(itertools.product(W, b), repeat=depth):
        h = x
        for w, c in params:
            h = sigma[w * h + c]
        counts[abs(y - h)] += 1
    return counts


def test_completed_table_gives_the_plain_partition_function():
    from symrg.lattice.partition import BETA, partition_function
    model = table_model(TABLE)
    assert (model.inputs, model.labels) == (((-1,),), ((-1,),))
    z = partition_function(model, 2, dna=False)
    by_hand = _plain_partition_by_hand(TABLE)
    expected = sum(n * sympy.exp(-BETA * sympy.Rational(d.numerator, d.denominator))
                   for d, n in by_hand.items())
    assert sympy.simplify(z - expected) == 0
    assert sum(by_hand.values()) == 36


def test_completed_table_derives_from_the_cli(tmp_path, capsys):
    body = ", ".join(f'"{k}" = {v}' for k, v in TABLE.items())
    path = tmp_path / "act.toml"
    path.write_text('norm = 1\nscale = 3\n[values]\nW = [1, 2]\nb = [0, "1/2", 1]\n'
                    f"h = [2, -1]\n[activation]\ntable = {{ {body} }}\n")
    status, err = run(["derive", path, "-q", "--sections", "network"], capsys)
    assert status == 0, err


def test_incomplete_table_says_what_to_add_and_adding_it_works():
    from symrg.lattice.partition import partition_function, plain_missing_preactivations
    short = {k: v for k, v in TABLE.items() if k not in ("11/2", "10", "21/2", "11")}
    model = table_model(short)
    missing, hidden = plain_missing_preactivations(model)
    assert [str(x) for x in missing] == ["11/2", "10", "21/2", "11"]
    assert hidden == (-1, 2, 5)
    with pytest.raises(ModelError) as info:
        partition_function(model, 2, dna=False)
    message = str(info.value)
    for key in ("11/2", "10", "21/2", "11"):
        assert f'"{key}" = ...' in message
    assert "--sections fixed_points,correlations" in message
    # doing what the message says: every listed key added, the derivation goes through
    completed = dict(short, **{k: TABLE[k] for k in ("11/2", "10", "21/2", "11")})
    assert plain_missing_preactivations(table_model(completed))[0] == ()
    partition_function(table_model(completed), 2, dna=False)


def test_closure_reaches_further_keys_step_by_step():
    """A new output (7) in an added key reaches further pre-activations: listed next."""
    from symrg.lattice.partition import plain_missing_preactivations
    table = dict(TABLE, **{"11": 7})
    missing, hidden = plain_missing_preactivations(table_model(table))
    assert 7 in hidden and [str(x) for x in missing] == ["7", "15/2", "8", "14", "29/2", "15"]
