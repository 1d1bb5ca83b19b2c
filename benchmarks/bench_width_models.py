"""Benchmark: whole ``symrg derive`` of width-N models (issue 18), before/after in one run.

Run:  python benchmarks/bench_width_models.py [--cap SECONDS] [--rows 1,2,...] [--baseline REV]

"before" is the code at ``--baseline`` (default: the commit this branch started from),
extracted with ``git archive``; "after" is this checkout.  Each measurement is a fresh
subprocess running ``symrg derive -q --json FILE MODEL`` (same interpreter, PYTHONPATH
pointing at one tree), so imports count the same on both sides.  Columns: CPU (user +
system of the child, ``resource.getrusage``) beside wall time, the JSON record's size,
the issue's measurement ("issue", CPU s, from the issue text) and its target.
Binary models past 55 couplings (N >= 6) are derived on types (records/typerecord); N >= 8
needs ``--max-states`` only to pass the load gate, which counts the 4^N bond-weight
entries that the type route never builds.
Runs over ``--cap`` seconds are stopped (``> cap``); a refusal or crash shows ``exit N``
with the last line of its error.  The machine may be shared: compare the CPU columns.
"""

import argparse
import os
import pathlib
import resource
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent
MODELS = HERE / "models"
BASELINE = "1229fd4"

#: (row name, model file, extra CLI options, issue's CPU s (text), target CPU s)
ROWS = [
    ("paper (N=1 L=1)", REPO / "symrg" / "models" / "paper.toml", [], "", "today"),
    ("example binary_width2", REPO / "examples" / "binary_width2.toml", [], "", "today"),
    ("example relu3", REPO / "examples" / "relu3.toml", [], "", "today"),
    ("binary N=3 L=1", MODELS / "bin_N3_L1.toml", [], "2.4", ""),
    ("binary N=4 L=1", MODELS / "bin_N4_L1.toml", [], "10", ""),
    ("binary N=5 L=1", MODELS / "bin_N5_L1.toml", [], "> 300", "30"),
    ("binary N=6 L=1", MODELS / "bin_N6_L1.toml", [], "", "60"),
    ("binary N=6 raised", MODELS / "bin_N6_L1.toml", ["--max-states", "65536"], "", "60"),
    ("binary N=8 L=1", MODELS / "bin_N8_L1.toml", [], "", "300"),
    ("binary N=10 L=1", MODELS / "bin_N10_L1.toml", [], "", ""),
    ("binary N=12 L=1", MODELS / "bin_N12_L1.toml", [], "", ""),
    ("binary N=16 fixed pts", MODELS / "bin_N16_L1.toml",
     ["--sections", "fixed_points"], "", "300"),
    ("bin_N2_L2", MODELS / "bin_N2_L2.toml", [], "refused", "30"),
    ("hardtanh L=2 p=3", MODELS / "hardtanh_L2_p3.toml", [], "refused", "120"),
]


def extract(target: pathlib.Path, rev: str) -> pathlib.Path:
    """``git archive <rev> symrg | tar -x`` into ``target``, byte-compiled; returns it."""
    archive = subprocess.run(["git", "-C", str(REPO), "archive", rev, "symrg"],
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(target / "symrg")],
                   check=True, capture_output=True)
    return target


def run(tree: pathlib.Path, model: pathlib.Path, options, cap: float, out: pathlib.Path) -> dict:
    """One ``symrg derive`` in a fresh subprocess with ``PYTHONPATH=tree``."""
    env = dict(os.environ, PYTHONPATH=str(tree))
    code = "import sys; from symrg.cli import main; sys.argv[0] = 'symrg'; main()"
    argv = [sys.executable, "-c", code, "derive", "-q", "--json", str(out), *options, str(model)]
    if out.exists():
        out.unlink()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=cap, env=env,
                              cwd=str(tree))
    except subprocess.TimeoutExpired:
        return {"status": "timeout"}
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        err = (proc.stderr.strip().splitlines() or ["(no message)"])[-1]
        return {"status": f"exit {proc.returncode}", "error": err[:160], "cpu": cpu, "wall": wall}
    if not out.exists():
        err = (proc.stderr.strip().splitlines() or ["(no record written)"])[-1]
        return {"status": "no record", "error": err[:160], "cpu": cpu, "wall": wall}
    return {"status": "ok", "cpu": cpu, "wall": wall, "size": out.stat().st_size}


def _cells(res, cap):
    if res["status"] == "timeout":
        return f"> {cap:.0f}", "", ""
    if res["status"] != "ok":
        return res["status"], f"{res['wall']:.1f}", ""
    return f"{res['cpu']:.1f}", f"{res['wall']:.1f}", f"{res['size'] / 1e6:.2f}"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cap", type=float, default=600, help="per-run timeout (seconds)")
    parser.add_argument("--rows", help="comma-separated row numbers (1-based) to run")
    parser.add_argument("--baseline", default=BASELINE, help="git revision of 'before'")
    parser.add_argument("--no-baseline", action="store_true", help="measure 'after' only")
    args = parser.parse_args(argv)
    rows = ROWS if not args.rows else [ROWS[int(k) - 1] for k in args.rows.split(",")]
    head = (f"{'model':<24}{'issue':>9}{'target':>8}{'before CPU':>11}{'wall':>7}{'MB':>7}"
            f"{'after CPU':>10}{'wall':>7}{'MB':>7}")
    print(head)
    print("-" * len(head), flush=True)
    notes = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        base = None if args.no_baseline else extract(tmp, args.baseline)
        for name, model, options, issue, target in rows:
            old = run(base, model, options, args.cap, tmp / "before.json") if base else None
            new = run(REPO, model, options, args.cap, tmp / "after.json")
            oc = _cells(old, args.cap) if old else ("", "", "")
            nc = _cells(new, args.cap)
            print(f"{name:<24}{issue:>9}{target:>8}{oc[0]:>11}{oc[1]:>7}{oc[2]:>7}"
                  f"{nc[0]:>10}{nc[1]:>7}{nc[2]:>7}", flush=True)
            for side, res in (("before", old), ("after", new)):
                if res and res.get("error"):
                    notes.append(f"{name} ({side}): {res['error']}")
    for note in notes:
        print("  ", note)


if __name__ == "__main__":
    main()
