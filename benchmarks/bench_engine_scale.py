"""Benchmark: derivations that scale with the model (issue 12), before/after in one run.

Run:  python benchmarks/bench_engine_scale.py [--cap SECONDS] [--rows NAME,...]

"before" is the code at commit 9081b45, or at ``--baseline REV`` (extracted with ``git archive`` into a
temporary directory), "after" is this checkout.  Every measurement runs in a fresh
subprocess (same interpreter, PYTHONPATH pointing at one of the two trees), so
imports and caches count the same on both sides.  Columns:

* ``CPU`` / ``wall``: the whole subprocess (CPU from ``resource.getrusage`` of the
  children: user + system), i.e. what ``symrg derive`` costs from a cold start;
* ``inner``: CPU of the measured call only (``time.process_time`` in the child),
  without interpreter start and imports;
* ``stage``: the stage of ``derive_record`` (its progress labels) that took most CPU
  in the "after" run, or the call itself for the ``rg_map`` rows.

Runs over ``--cap`` seconds are stopped and shown as ``> cap``; a failing run shows
``crash`` and its last error line.  The models are in ``benchmarks/models/``.
Both trees are byte-compiled first, as an installed package is.
The machine may be shared: compare CPU columns, and ratios within one run.
"""

import argparse
import json
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
BASELINE = "9081b45"

#: (row name, kind, model file, digits, target CPU seconds)
ROWS = [
    ("paper, whole derive", "derive", REPO / "symrg" / "models" / "paper.toml", 50, 0.8),
    ("binary N=2 L=2 rg_map", "rg_map", MODELS / "bin_N2_L2.toml", 50, 3),
    ("binary N=3 L=2 rg_map", "rg_map", MODELS / "bin_N3_L2.toml", 50, 20),
    ("relu |h|=4, whole derive", "derive", MODELS / "relu_h4.toml", 50, 20),
    ("clipped |h|=3, whole derive", "derive", MODELS / "clip_h3.toml", 50, 10),
    ("relu3 p=4, whole derive", "derive", MODELS / "relu3_p4.toml", 50, 20),
    ("paper p=6, whole derive", "derive", MODELS / "paper_p6.toml", 50, 5),
    ("relu3 p=4, --digits 10000", "derive", MODELS / "relu3_p4.toml", 10000, 60),
    # the "relu3, --digits 10000" read literally: the example model (p = 2)
    ("relu3 (p=2), --digits 10000", "derive", REPO / "examples" / "relu3.toml", 10000, 60),
    # width 2, 45 pair orbits, 44 couplings, 679 family equations: a wide model whose
    # derivation is exact bookkeeping only (Eq. 25 logs, named partial sums, family
    # equations); 10 s is the clipped |h| = 3 budget for a model twice as wide
    ("hardtanh width 2, whole derive", "derive", MODELS / "hardtanh_w2.toml", 50, 10),
]

CHILD = r"""
import json, sys, time
kind, path, digits = sys.argv[1], sys.argv[2], int(sys.argv[3])
from symrg.model import load_model
model = load_model(path)
marks = []
if kind == "rg_map":
    from symrg.decimation import rg_map
    marks.append(("rg_map", time.process_time()))
    rg_map(model)
else:
    from symrg.derive import derive_record
    try:
        from symrg.summary import summary_text
        def summary(record):
            return summary_text(record, model, width=100)
    except ImportError:  # trees before the summary module
        from symrg.cli import _summary as summary
    def progress(label):
        marks.append((label, time.process_time()))
    marks.append(("start", time.process_time()))
    summary(derive_record(model, digits=digits, progress=progress))
marks.append(("end", time.process_time()))
stages = [[a[0], b[1] - a[1]] for a, b in zip(marks, marks[1:]) if b[1] > a[1] or a[0] != "start"]
print("BENCH " + json.dumps({"inner": marks[-1][1] - marks[0][1], "stages": stages}))
"""


def extract_baseline(target: pathlib.Path, rev: str = BASELINE) -> pathlib.Path:
    """``git archive <rev> symrg | tar -x`` into ``target``; returns the tree root."""
    archive = subprocess.run(["git", "-C", str(REPO), "archive", rev, "symrg"],
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def compile_tree(tree: pathlib.Path) -> None:
    """Byte-compile ``tree/symrg`` as an installed package is (pip writes the .pyc files).

    Without this, an environment with PYTHONDONTWRITEBYTECODE compiles every module
    from source in every run (about 0.1 s CPU on the paper's model).
    """
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "symrg")],
                   check=True, capture_output=True)


def run(tree: pathlib.Path, kind: str, model: pathlib.Path, digits: int, cap: float) -> dict:
    """One measurement in a fresh subprocess with ``PYTHONPATH=tree``."""
    env = dict(os.environ, PYTHONPATH=str(tree))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    try:
        proc = subprocess.run([sys.executable, "-c", CHILD, kind, str(model), str(digits)],
                              capture_output=True, text=True, timeout=cap, env=env,
                              cwd=str(tree))
    except subprocess.TimeoutExpired:
        return {"status": "timeout", "wall": time.perf_counter() - start}
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("BENCH ")), None)
    if proc.returncode != 0 or line is None:
        err = (proc.stderr.strip().splitlines() or ["(no message)"])[-1]
        return {"status": "crash", "wall": wall, "cpu": cpu, "error": err[:100]}
    return {"status": "ok", "wall": wall, "cpu": cpu, **json.loads(line[6:])}


def _cell(result, cap):
    if result["status"] == "timeout":
        return f"> {cap:.0f} s", ""
    if result["status"] == "crash":
        return "crash", ""
    return f"{result['cpu']:.2f}", f"{result['wall']:.2f}"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cap", type=float, default=120, help="per-run timeout in seconds")
    parser.add_argument("--rows", help="comma-separated row numbers (1-based) to run")
    parser.add_argument("--baseline", default=BASELINE,
                        help=f"git revision of the 'before' code (default {BASELINE})")
    args = parser.parse_args(argv)
    rows = ROWS if not args.rows else [ROWS[int(k) - 1] for k in args.rows.split(",")]
    header = (f"{'row':<28}{'before CPU':>12}{'wall':>8}{'after CPU':>11}{'wall':>8}"
              f"{'inner':>8}{'target':>8}{'ratio':>8}  dominant stage (after)")
    print(header)
    print("-" * len(header))
    notes = []
    with tempfile.TemporaryDirectory() as tmp:
        base = extract_baseline(pathlib.Path(tmp), args.baseline)
        for tree in (base, REPO):
            compile_tree(tree)
        for name, kind, model, digits, target in rows:
            old = run(base, kind, model, digits, args.cap)
            new = run(REPO, kind, model, digits, args.cap)
            oc, ow = _cell(old, args.cap)
            nc, nw = _cell(new, args.cap)
            inner = f"{new['inner']:.2f}" if new["status"] == "ok" else ""
            if new["status"] == "ok" and old["status"] == "ok":
                ratio = f"{old['cpu'] / new['cpu']:.1f}x"
            elif new["status"] == "ok" and old["status"] == "timeout":
                ratio = f"> {args.cap / new['cpu']:.0f}x"
            else:
                ratio = ""
            stage = ""
            if new["status"] == "ok" and new["stages"]:
                label, sec = max(new["stages"], key=lambda s: s[1])
                stage = f"{label} ({sec:.2f} s)"
            print(f"{name:<28}{oc:>12}{ow:>8}{nc:>11}{nw:>8}{inner:>8}{target:>8}{ratio:>8}"
                  f"  {stage}", flush=True)
            for side, res in (("before", old), ("after", new)):
                if res["status"] == "crash":
                    notes.append(f"{name} ({side}): {res['error']}")
    for note in notes:
        print("  crash:", note)


if __name__ == "__main__":
    main()
