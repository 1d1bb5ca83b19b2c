"""CPU seconds of every stage of ``symrg derive`` beside its size parameters (issue 18, item 2).

Run:  python benchmarks/bench_derive_stages.py [--cap SECONDS] [--random N] [--only NAMES]
      [--fit FILE.jsonl] [--save FILE.jsonl]

For each model (``benchmarks/models/*.toml``, ``examples/*.toml`` except scan specs,
``symrg/models/paper.toml`` and ``--random N`` models of :mod:`random_models`), a fresh
subprocess derives the record stage by stage, as :func:`symrg.records.derive.derive_record`
does, and prints one JSON line per finished stage (so a model stopped at ``--cap`` CPU
seconds still reports its earlier stages).  Stages: ``rg_map`` (count matrix, couplings, the
RG map and its text: ``core_record``), ``decimation`` (``decimation_record``), ``network``,
``fixed_points`` (classification, linearisations, boundary points, transfer checks),
``flows`` (flow fields and their landmarks, inside the fixed-point section), ``correlations``
and ``report`` (the JSON text and the terminal summary).

Sizes, all known before the stage runs: couplings C, h- and sigma-configurations of one
layer (|V_h|^(NL), |sigma|^(NL)), non-zero entries of Omega, the common denominator D of the
exponents of u, the depth ratio p, the exponentials T of the partial sums (known once the
map is built), the fixed points found (after the classification) and the record's size.

The table then shows, per stage, the measured CPU seconds beside the estimate of
:func:`symrg.model.budget.stage_estimates` (the cost model of the gate), and the ratio
estimate / measured: the estimate should lie above the measurement (ratio >= 1) and not
far above it.  ``--fit`` refits the constants of each stage's power law, log-log least
squares shifted up to cover every measurement, from a saved run.
"""

import argparse
import json
import math
import os
import pathlib
import resource
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent
STAGES = ("rg_map", "decimation", "network", "fixed_points", "flows", "correlations", "report")

CHILD = r"""
import json, sys, time, warnings
warnings.simplefilter("ignore")
sys.setrecursionlimit(10000)
from symrg.model.files import load_model_file
from symrg.model.budget import stage_sizes
import symrg.records.fixedpoints as fpr
import symrg.records.derive as drv

def emit(**kw):
    print(json.dumps(kw), flush=True)

def timed(fn, *a, **k):
    t = time.process_time()
    out = fn(*a, **k)
    return out, time.process_time() - t

model = load_model_file(sys.argv[1], max_states=10 ** 6)
sizes = stage_sizes(model)
from symrg.lattice.counting import count_matrix
t = time.process_time()
omega = count_matrix(model)
sizes["omega_nonzero"] = sum(1 for x in omega if x)
sizes["omega_cpu"] = time.process_time() - t
emit(stage="sizes", **sizes)
record, t = timed(drv.core_record, model, 10 ** 6)
from symrg.rg.decimation import rg_map
m = rg_map(model)
emit(stage="rg_map", cpu=t, terms=sum(ps.size for ps in m.partial_sums))
record["decimation"], t = timed(drv.decimation_record, model)
emit(stage="decimation", cpu=t)
if model.parallel == 1:
    (record["network"], _), t = timed(drv._network, model, 50)
    emit(stage="network", cpu=t)
flow_cpu = [0.0]
real_flows, real_marks = fpr._flows, drv.__dict__.get("add_flow_landmarks")
def flows(*a, **k):
    out, t = timed(real_flows, *a, **k)
    flow_cpu[0] += t
    return out
fpr._flows = flows
import symrg.records.flowmarks as fm
real_add = fm.add_flow_landmarks
def add(section):
    out, t = timed(real_add, section)
    flow_cpu[0] += t
    return out
fm.add_flow_landmarks = add
(section, _), t = timed(drv._fixed_points, model, 50)
record["fixed_points"] = section
points = len(section.get("points", []))
emit(stage="fixed_points", cpu=t - flow_cpu[0], points=points)
emit(stage="flows", cpu=flow_cpu[0])
if model.parallel == 1:
    (record["correlations"], _), t = timed(drv._correlations, model, 50)
    emit(stage="correlations", cpu=t)
from symrg.report.render import record_json
from symrg.text.summary import summary_text
t = time.process_time()
text = record_json(record)
summary_text(record, model)
emit(stage="report", cpu=time.process_time() - t, bytes=len(text))
"""


def model_files(random_count: int) -> list:
    """(label, path) of every model measured; random models are written to a temp dir."""
    out = [("paper", REPO / "symrg" / "models" / "paper.toml")]
    out += [(f"ex {p.stem}", p) for p in sorted((REPO / "examples").glob("*.toml"))
            if not p.stem.startswith("scan")]
    out += [(f"bm {p.stem}", p) for p in sorted((HERE / "models").glob("*.toml"))]
    if random_count:
        sys.path.insert(0, str(HERE))
        from random_models import random_models
        tmp = pathlib.Path(tempfile.mkdtemp(prefix="symrg-random-"))
        for k, text in enumerate(random_models(random_count)):
            path = tmp / f"random_{k:02d}.toml"
            path.write_text(text)
            out.append((f"random {k:02d}", path))
    return out


def measure(path, cap: float) -> dict:
    """Run the stages of one model in a child capped at ``cap`` CPU seconds."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    def limit():
        resource.setrlimit(resource.RLIMIT_CPU, (int(cap), int(cap) + 5))
        resource.setrlimit(resource.RLIMIT_AS, (6 << 30, 6 << 30))
    proc = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True,
                          text=True, env=env, preexec_fn=limit)
    rows = {}
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            entry = json.loads(line)
            rows[entry.pop("stage")] = entry
    rows["status"] = proc.returncode
    rows["error"] = (proc.stderr.strip().splitlines() or [""])[-1][:120]
    return rows


def _fmt(x):
    if x is None:
        return "-"
    return f"{x:.3g}" if x < 100 else f"{x:,.0f}"


def table(results):
    from symrg.model.budget import estimates_from_sizes
    head = f"{'model':<18}{'C':>5}{'H':>6}{'S':>6}{'nnz':>7}{'D':>3}{'p':>3}{'T':>9}"
    print(head + "".join(f"{s[:8]:>18}" for s in STAGES) + f"{'MB':>7}")
    print(f"{'':<51}" + "".join(f"{'meas/est':>18}" for _ in STAGES))
    worst = {s: 0.0 for s in STAGES}
    for label, rows in results:
        z = rows.get("sizes")
        if z is None:
            print(f"{label:<18} failed: {rows['error']}")
            continue
        T = rows.get("rg_map", {}).get("terms")
        est = estimates_from_sizes(z, terms=T)
        line = (f"{label:<18}{z['couplings']:>5}{z['h_states']:>6}{z['sigma_states']:>6}"
                f"{z['omega_nonzero']:>7}{z['root']:>3}{z['scale']:>3}{_fmt(T):>9}")
        for s in STAGES:
            meas = rows.get(s, {}).get("cpu")
            cell = f"{_fmt(meas)}/{_fmt(est.get(s))}"
            if meas is None:
                cell = f">cap/{_fmt(est.get(s))}" if rows["status"] else f"-/{_fmt(est.get(s))}"
            elif est.get(s):
                worst[s] = max(worst[s], meas / est[s])
            line += f"{cell:>18}"
        size = rows.get("report", {}).get("bytes")
        print(line + f"{(size or 0) / 1e6:>7.2f}")
    print("largest measured / estimated per stage (<= 1: the estimate covers every run): "
          + ", ".join(f"{s} {worst[s]:.2f}" for s in STAGES))


def fit(results, floor: float = 0.2):
    """Per stage: least squares of log(cpu) on log(work) over the runs above ``floor``
    seconds, ``c`` shifted up to cover each of them; ``base`` covers the runs below."""
    from symrg.model.budget import STAGE_COSTS, stage_work
    for stage in STAGES:
        pts = []
        for _, rows in results:
            z, cpu = rows.get("sizes"), rows.get(stage, {}).get("cpu")
            if z is None or cpu is None:
                continue
            work = stage_work(z, terms=rows.get("rg_map", {}).get("terms")).get(stage)
            pts.append((math.log(max(work, 1)), cpu))
        big = [(x, math.log(c)) for x, c in pts if c >= floor]
        base = max([c for _, c in pts if c < floor] + [0.0])
        if len(big) < 3:
            print(f"{stage}: {len(big)} runs above {floor} s, no fit (base {base:.2f})")
            continue
        n = len(big)
        mx, my = sum(x for x, _ in big) / n, sum(y for _, y in big) / n
        sxx = sum((x - mx) ** 2 for x, _ in big)
        a = sum((x - mx) * (y - my) for x, y in big) / sxx if sxx else 1.0
        c = max(y - a * x for x, y in big)
        print(f"{stage}: cpu ~ {base:.2f} + {math.exp(c):.3g} * ({STAGE_COSTS[stage].work})^{a:.2f}"
              f" over {n} runs (work {math.exp(min(x for x, _ in big)):.3g} to "
              f"{math.exp(max(x for x, _ in big)):.3g})")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cap", type=float, default=120.0, help="CPU seconds per model")
    ap.add_argument("--random", type=int, default=0, help="random small models to add")
    ap.add_argument("--only", default="", help="comma-separated substrings of labels")
    ap.add_argument("--save", help="append the raw measurements to this JSON-lines file")
    ap.add_argument("--fit", help="print the table and fits of a saved run, measure nothing")
    args = ap.parse_args()
    if args.fit:
        results = [tuple(json.loads(line)) for line in open(args.fit)]
        table(results)
        fit(results)
        return
    results = []
    for label, path in model_files(args.random):
        if args.only and not any(s in label for s in args.only.split(",")):
            continue
        rows = measure(path, args.cap)
        results.append((label, rows))
        if args.save:
            with open(args.save, "a") as fh:
                fh.write(json.dumps([label, rows]) + "\n")
        print(f"# {label}: " + ", ".join(f"{s} {rows[s]['cpu']:.2f}" for s in STAGES
                                         if s in rows), flush=True)
    table(results)
    fit(results)


if __name__ == "__main__":
    main()
