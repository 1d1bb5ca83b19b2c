"""symrg.scan: spec expansion, the SQLite store, the Dask engine, export and the report.

Cross-checks: records from a real two-worker LocalCluster against in-process derivation,
a SIGKILLed-and-resumed scan against an uninterrupted one, the ``tables = "all"`` count
against counts by hand, and CSV export against the store.
"""

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from symrg.cli import main
from symrg.scan import ScanStore, ScanStoreError, count_models, expand, export_summary, parse_spec
from symrg.scan.spec import ScanSpecError, canonical_text
from symrg.scan.store import EXPORT_COLUMNS, SUMMARY_COLUMNS, summarize
from symrg.scan.worker import Sandbox, derive_text

distributed = pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parents[1]
BASE = {"values": {"W": [-1, 1], "b": [-1, 1], "h": [0, 1]}}
ACTIVATIONS = [{"name": "heaviside"}, {"name": "heaviside0"}, {"name": "relu"},
               {"name": "binary_sign"}]


def small_spec(**axes):
    axes = axes or {"activations": ACTIVATIONS}
    return parse_spec({"scan": {"name": "test scan", "sections": []}, "base": BASE,
                       "axes": axes})


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                           dashboard_address=":0", silence_logs=50)
    with Client(cluster, set_as_default=False) as c:
        yield c
    cluster.close()


@pytest.fixture(scope="module")
def reference(client, tmp_path_factory):
    """An uninterrupted scan of the four activations on the two-worker cluster."""
    from symrg.scan.engine import run_scan
    path = tmp_path_factory.mktemp("ref") / "ref.sqlite"
    result = run_scan(small_spec(), path, client=client, quiet=True)
    return path, result


def _summaries(path):
    with ScanStore(path) as store:
        cols = ("hash", "status") + tuple(n for n, _ in SUMMARY_COLUMNS)
        return {r["hash"]: r for r in store.rows(cols)}


# -- spec --------------------------------------------------------------------------------

def test_tables_all_count_matches_count_by_hand():
    # N = 1: pre-activations W*h + b = {-2, -1, 0, 1, 2}, |V_h| = 2 -> 2^5 tables.
    # N = 2: w1 h1 + w2 h2 + b in {-3, ..., 3} -> 2^7 tables.
    spec = small_spec(widths=[1, 2], tables="all")
    assert count_models(spec) == 2 ** 5 + 2 ** 7
    points = expand(spec)
    assert len(points) == 2 ** 5 + 2 ** 7
    assert len({p.hash for p in points}) == len(points) and not any(p.error for p in points)
    # Three-valued h with b = 0: W*h in {-2, ..., 2} -> 3^5 tables.
    three = parse_spec({"base": {"values": {"W": [-1, 1], "b": [0], "h": [0, 1, 2]}},
                        "axes": {"tables": "all"}})
    assert count_models(three) == 3 ** 5


def test_equal_models_from_different_axis_values_are_one_model():
    heaviside_table = {"-2": 0, "-1": 0, "0": 1, "1": 1, "2": 1}
    spec = small_spec(activations=[{"name": "heaviside"}, {"table": heaviside_table},
                                   {"name": "relu"}])
    points = expand(spec)
    assert len(points) == 2
    assert points[0].coords == {"activations": {"name": "heaviside"}}
    # The name of the base model does not enter the identity either.
    named = parse_spec({"base": dict(BASE, name="other"), "scan": {"sections": []},
                        "axes": {"activations": ACTIVATIONS[:1]}})
    assert expand(named)[0].hash == points[0].hash


@pytest.mark.parametrize("axes, match", [
    ({"colour": [1]}, r"axes\.colour: unknown axis"),
    ({"widths": []}, r"axes\.widths: axis is empty"),
    ({"tables": "some"}, r'axes\.tables: expected "all"'),
    ({}, r"axes: missing \[axes\] table"),
])
def test_bad_axes_are_one_line_errors(axes, match):
    with pytest.raises(ScanSpecError, match=match) as info:
        parse_spec({"base": BASE, "axes": axes})
    assert "\n" not in str(info.value)


def test_too_many_models_refused_with_the_count():
    with pytest.raises(ScanSpecError, match=r"scan has 32 models, more than --max-models 10"):
        expand(small_spec(tables="all"), max_models=10)


def test_invalid_model_on_an_axis_is_a_failed_point():
    points = expand(small_spec(widths=[1, 0]))
    assert [bool(p.error) for p in points] == [False, True]
    assert points[1].error == "width: expected an integer >= 1, got 0"


def test_priors_axis_passes_through_or_fails_per_model():
    prior = {"W": {"-1": "1/4", "1": "3/4"}}
    points = expand(small_spec(priors=[prior]))
    assert not points[0].error
    assert json.loads(points[0].text)["prior"]["W"] == {"-1": "1/4", "1": "3/4"}
    bad = expand(small_spec(priors=[prior, {"W": {"-1": "1/2", "1": "1/4"}}]))
    assert not bad[0].error and bad[1].error and "prior" in bad[1].error


def test_width_grid_gives_xi_of_the_width_analysis_per_beta():
    import sympy

    from symrg.model.network import Model
    from symrg.scan.store import summarize
    from symrg.records.width import width_record
    spec = small_spec(activations=[{"name": "heaviside"}], width_grid=[[1, 2, 4]],
                      beta_grid=[[1, "1/2"]])
    (point,) = expand(spec)
    record = derive_text(point.text, [], 30, 4096)
    model = Model.from_dict({**BASE, "activation": {"name": "heaviside"}})
    xi = json.loads(summarize(record)["xi_widths"])
    for beta in ("1", "1/2"):
        direct = width_record(model, [1, 2, 4], u=sympy.exp(sympy.Rational(beta)), digits=30,
                              overlap_widths=(), boundary_widths=())
        assert xi[direct["beta_v"]] == {str(r["N"]): r["xi_dna"] for r in direct["rows"]}
    assert sorted(xi) == ["1", "1/2"]
    # an explicit table does not reach wider layers: a per-section error, the rest stays
    table = {"-2": "0", "-1": "0", "0": "1", "1": "1", "2": "1"}
    (point,) = expand(small_spec(activations=[{"table": table}], width_grid=[[1, 2]]))
    record = derive_text(point.text, [], 30, 4096)
    assert "width" not in record and "pre-activation" in record["section_errors"]["width"]


# -- worker sandbox ----------------------------------------------------------------------

def test_timeout_is_recorded_and_the_worker_goes_on():
    text = expand(small_spec())[0].text
    req = {"text": text, "sections": ["fixed_points"], "digits": 30, "max_states": 4096}
    box = Sandbox()
    try:
        slow = box.run(req, timeout=0.001)
        assert slow["status"] == "timeout" and "timed out" in slow["message"]
        fast = box.run(dict(req, sections=[]), timeout=120)
        assert fast["status"] == "done"
        assert fast["record"] == derive_text(text, [], 30, 4096)
    finally:
        box.stop()


# -- engine and store --------------------------------------------------------------------

def test_local_cluster_records_equal_in_process_derivation(reference):
    path, result = reference
    assert result.counts == {"done": 4, "failed": 0, "timeout": 0, "pending": 0}
    assert len({m["worker_pid"] for m in result.memory}) >= 1
    with ScanStore(path) as store:
        for point in expand(small_spec()):
            assert store.record(point.hash) == derive_text(point.text, [], 30, 4096)
            assert store.rows(("n_couplings",), f"hash = '{point.hash}'")[0]["n_couplings"] \
                == summarize(store.record(point.hash))["n_couplings"]


def test_rerun_skips_done_models(reference, client):
    from symrg.scan.engine import run_scan
    path, _ = reference
    again = run_scan(small_spec(), path, client=client, quiet=True)
    assert again.skipped == 4 and again.memory == []


def test_failing_model_row_and_the_scan_goes_on(client, tmp_path):
    from symrg.scan.engine import run_scan
    spec = small_spec(widths=[1, 0])
    result = run_scan(spec, tmp_path / "s.sqlite", client=client, quiet=True)
    assert result.counts["done"] == 1 and result.counts["failed"] == 1
    with ScanStore(tmp_path / "s.sqlite") as store:
        failed = store.rows(("status", "message"), "status = 'failed'")
    assert failed == [{"status": "failed", "message": "width: expected an integer >= 1, got 0"}]


def _scan_command(spec_path, store_path, scheduler):
    return [sys.executable, "-m", "symrg.cli", "scan", str(spec_path), "--store",
            str(store_path), "--scheduler", scheduler, "-q"]


def _done_rows(path):
    if not path.exists():
        return 0
    con = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return con.execute("SELECT COUNT(*) FROM models WHERE status = 'done'").fetchone()[0]
    except sqlite3.Error:
        return 0
    finally:
        con.close()


def test_sigkill_mid_scan_then_resume_gives_one_row_per_model(client, tmp_path):
    from symrg.scan.engine import run_scan
    spec = small_spec(scales=[2, 3], activations=ACTIVATIONS)
    run_scan(spec, tmp_path / "uninterrupted.sqlite", client=client, quiet=True)
    spec_path = tmp_path / "spec.toml"
    acts = ", ".join('{name = "%s"}' % a["name"] for a in ACTIVATIONS)
    spec_path.write_text('[scan]\nname = "test scan"\nsections = []\n[base.values]\n'
                         'W = [-1, 1]\nb = [-1, 1]\nh = [0, 1]\n'
                         f'[axes]\nscales = [2, 3]\nactivations = [{acts}]\n')
    store = tmp_path / "killed.sqlite"
    proc = subprocess.Popen(_scan_command(spec_path, store, client.scheduler.address), cwd=ROOT,
                            start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 90
    while _done_rows(store) < 1 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    killed_at = _done_rows(store)
    assert 1 <= killed_at < 8                        # killed mid-run
    con = sqlite3.connect(store)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()
    resumed_run = run_scan(spec, store, client=client, quiet=True)
    assert resumed_run.skipped == killed_at and resumed_run.counts["done"] == 8
    resumed, ref = _summaries(store), _summaries(tmp_path / "uninterrupted.sqlite")
    assert len(resumed) == 8 and resumed == ref


def test_unreachable_scheduler_is_a_clear_error(monkeypatch):
    from symrg.scan import engine
    assert engine.SCHEDULER_TIMEOUT <= 10
    monkeypatch.setattr(engine, "SCHEDULER_TIMEOUT", 2)
    t0 = time.monotonic()
    with pytest.raises(engine.ScanEngineError, match=r"cannot reach a Dask scheduler at "
                                                     r"'tcp://127.0.0.1:9' within 2 s"):
        engine.connect(scheduler="tcp://127.0.0.1:9")
    assert time.monotonic() - t0 < 2 + 8


@pytest.mark.parametrize("content", [b"not a database at all\n", None])
def test_foreign_file_is_refused_untouched(tmp_path, content, capsys):
    path = tmp_path / "foreign.sqlite"
    if content is None:
        con = sqlite3.connect(path)
        con.execute("CREATE TABLE t (x)")
        con.execute("INSERT INTO t VALUES (1)")
        con.commit()
        con.close()
    else:
        path.write_bytes(content)
    before, listing = path.read_bytes(), sorted(os.listdir(tmp_path))
    with pytest.raises(ScanStoreError, match="not a symrg scan"):
        ScanStore(path, "0" * 64)
    assert main(["report", str(path), "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("symrg: error: store") and err.count("\n") == 1
    assert path.read_bytes() == before and sorted(os.listdir(tmp_path)) == listing


def test_store_of_another_spec_refused(reference):
    path, _ = reference
    with pytest.raises(ScanStoreError, match="made by another scan spec"):
        ScanStore(path, "f" * 64)


# -- export and summaries ----------------------------------------------------------------

def _as_text(value):
    return "" if value is None else str(value)


def test_csv_export_round_trips(reference, tmp_path):
    path, _ = reference
    with ScanStore(path) as store:
        out = export_summary(store, tmp_path / "s.csv")
        rows = store.rows()
    with open(out, newline="", encoding="utf-8") as fh:
        back = list(csv.DictReader(fh))
    assert list(back[0]) == list(EXPORT_COLUMNS)
    assert back == [{k: _as_text(v) for k, v in r.items()} for r in rows]


def test_parquet_export_round_trips_or_says_pyarrow_is_missing(reference, tmp_path):
    path, _ = reference
    with ScanStore(path) as store:
        try:
            import pyarrow.parquet as pq
        except ImportError:
            with pytest.raises(ScanStoreError, match="Parquet needs pyarrow"):
                export_summary(store, tmp_path / "s.parquet")
            return
        out = export_summary(store, tmp_path / "s.parquet")
        assert pq.read_table(out).to_pylist() == store.rows()


def test_summary_reads_every_fixed_point_kind():
    record = {"coupling_count": {"symmetric": 3}, "count_matrix": [[2, 2], [1, 1]],
              "fixed_points": {"complete": True, "points": [
                  {"kind": "isolated", "rank": 2, "physical": False,
                   "couplings": {"A": {"re": "1", "im": "2"}},
                   "exponents": ["1", "0"], "labels": ["relevant", "marginal"]},
                  {"kind": "family", "rank": 1, "physical": True,
                   "exponents": ["-oo"], "labels": ["irrelevant"]},
                  {"kind": "boundary", "rank": 2, "physical": True,
                   "exponents": ["2"], "labels": ["relevant"]}]}}
    s = summarize(record)
    assert (s["n_isolated"], s["n_family"], s["n_boundary"]) == (1, 1, 1)
    assert s["omega_rank"] == 1 and s["n_nonphysical"] == 1 and s["n_complex"] == 1
    assert s["max_physical_rank"] == 1      # the rank-2 boundary point has zero weights
    assert json.loads(s["relevant_exponents"]) == [["1"], [], ["2"]]
    assert summarize({"count_matrix": [[1, 0], [0, 1]]})["n_isolated"] is None


def test_report_prints_a_rank_one_counterexample_in_full(tmp_path):
    from symrg.report.render import render_scan_report
    from symrg.scan.report import scan_summary
    point = expand(small_spec())[0]
    fake = {"fixed_points": {"points": [{"kind": "isolated", "rank": 2, "physical": True,
                                         "exponents": [], "labels": [],
                                         "couplings": {"A": "7/3"}}]}}
    with ScanStore(tmp_path / "r.sqlite", "a" * 64, {"spec_name": "fake"}) as store:
        store.add_points([point])
        store.save_result({"hash": point.hash, "status": "done", "record": fake})
        summary = scan_summary(store)
    assert not summary["rank_one"]["holds"]
    assert json.loads(summary["rank_one"]["counterexamples"][0]["point"]) == \
        fake["fixed_points"]["points"][0]
    tex = render_scan_report(summary)
    assert "Refuted" in tex and "7/3" in tex and canonical_text(BASE)[:10].replace(
        "{", r"\{") in tex
