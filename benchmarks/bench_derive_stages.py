"""CPU seconds of every stage of ``symrg derive`` beside its size parameters (issue 18, item 2).

Run:  python benchmarks/bench_derive_stages.py [--cap SECONDS] [--random N] [--only NAMES]
      [--fit FILE.jsonl[,FILE.jsonl...]] [--all-couplings] [--save FILE.jsonl]

The rows the constants of :data:`symrg.model.budget.STAGE_COSTS` were fitted on are in
``benchmarks/derive_stages_2026-12-06.jsonl`` (``--fit`` it, joined with newer rows: a
model's last row counts).

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
exponents of u, the depth ratio p, the components K of the fixed-point classification, the
exponentials T of the partial sums (known once the map is built), the fixed points found
(after the classification) and the record's size.

The table then shows, per stage, the measured CPU seconds beside the estimate of
:func:`symrg.model.budget.stage_estimates` (the cost model of the gate), and the ratio
estimate / measured: the estimate should lie above the measurement (ratio >= 1) and not
far above it.  ``--fit`` refits the constants of each stage's power law, log-log least
squares shifted up to cover every measurement, from a saved run (several files joined by
commas; a model measured twice counts with its last row); the text stages ``rg_map`` and
``report`` are fitted on models with at most :data:`FIT_MAX_COUPLINGS` couplings unless
``--all-couplings``.
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
#: Stages fitted only on models with at most this many couplings (2026-12-06: the record's
#: text of RG maps with hundreds of couplings was being made compact; refit them on all
#: models once it is, with --all-couplings).
FIT_MAX_COUPLINGS = {"rg_map": 100, "report": 100}

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
if model.parallel == 1:
    from symrg.fixedpoints.classify import symmetric_components
    t = time.process_time()
    sizes["components"] = len(symmetric_components(model))
    sizes["components_cpu"] = time.process_time() - t
    sizes["flow_fields"] = fpr.flow_fields_drawn(model)
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
    head = f"{'model':<18}{'C':>5}{'H':>6}{'S':>6}{'nnz':>7}{'D':>3}{'p':>3}{'K':>5}{'T':>9}"
    print(head + "".join(f"{s[:8]:>18}" for s in STAGES) + f"{'MB':>7}")
    print(f"{'':<56}" + "".join(f"{'meas/est':>18}" for _ in STAGES))
    worst = {s: 0.0 for s in STAGES}
    ratios = {s: [] for s in STAGES}
    for label, rows in results:
        z = rows.get("sizes")
        if z is None:
            print(f"{label:<18} failed: {rows['error']}")
            continue
        T = rows.get("rg_map", {}).get("terms")
        est = estimates_from_sizes(z, terms=T)
        if z.get("flow_fields") is False:
            est["flows"] = 0.0          # as plan_derivation: no flow fields drawn
        line = (f"{label:<18}{z['couplings']:>5}{z['h_states']:>6}{z['sigma_states']:>6}"
                f"{z['omega_nonzero']:>7}{z['root']:>3}{z['scale']:>3}"
                f"{z.get('components', '-'):>5}{_fmt(T):>9}")
        for s in STAGES:
            meas = rows.get(s, {}).get("cpu")
            cell = f"{_fmt(meas)}/{_fmt(est.get(s))}"
            if meas is None:
                cell = f">cap/{_fmt(est.get(s))}" if rows["status"] else f"-/{_fmt(est.get(s))}"
            elif est.get(s):
                worst[s] = max(worst[s], meas / est[s])
                if meas >= 2:
                    ratios[s].append(est[s] / meas)
            line += f"{cell:>18}"
        size = rows.get("report", {}).get("bytes")
        print(line + f"{(size or 0) / 1e6:>7.2f}")
    print("largest measured / estimated per stage (<= 1: the estimate covers every run): "
          + ", ".join(f"{s} {worst[s]:.2f}" for s in STAGES))
    print("estimated / measured over the runs of 2 s and more (median, least, most): "
          + ", ".join(f"{s} {_median(r):.2f} {min(r):.2f} {max(r):.2f} ({len(r)})"
                      for s, r in ratios.items() if r))


def _median(xs):
    xs = sorted(xs)
    return (xs[(len(xs) - 1) // 2] + xs[len(xs) // 2]) / 2


def _one_term(big, base):
    """(c, a) of ``cpu = base + c work^a``: the slope a by least squares of log(cpu) on
    log(work), c the smallest that covers every run.  ``big``: ((work, work2), cpu)."""
    pts = [(math.log(max(w, 1)), math.log(y)) for (w, _), y in big]
    n = len(pts)
    mx, my = sum(x for x, _ in pts) / n, sum(y for _, y in pts) / n
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    a = sum((x - mx) * (y - my) for x, y in pts) / sxx if sxx else 1.0
    return max((y - base) / max(w, 1) ** a for (w, _), y in big), a


def _two_terms(big, base):
    """(c, a, c2, a2) of ``cpu = base + c work^a + c2 work2^a2`` covering every run: exponents on
    a grid of 0.05 (0.3 to 2), c2 a share (0 to 1 in 40 steps) of the largest c2 that
    alone covers no run over, c the smallest that covers every run with it; the choice of
    least sum of ln(estimate / cpu) ln(1 + cpu) (the long runs, which decide what a budget
    skips, weigh more than the many short ones)."""
    best = None
    grid = [0.3 + 0.05 * k for k in range(35)]
    ys = [max(y - base, 1e-3) for _, y in big]
    weights = [math.log1p(y) for _, y in big]
    for a in grid:
        x1 = [max(w, 1) ** a for (w, _), _ in big]
        for a2 in grid:
            x2 = [max(w2, 1) ** a2 for (_, w2), _ in big]
            top = max(y / x for y, x in zip(ys, x2))
            for k in range(41):
                c2 = top * k / 40
                c = max((y - c2 * v) / u for y, u, v in zip(ys, x1, x2))
                if c < 0:
                    continue
                cost = sum(math.log((c * u + c2 * v) / y) * g
                           for y, u, v, g in zip(ys, x1, x2, weights))
                if best is None or cost < best[0]:
                    best = (cost, c, a, c2, a2)
    return best[1:]


def fit(results, floor: float = 0.2, max_couplings=None):
    """Per stage: the constants of its cost (:data:`symrg.model.budget.STAGE_COSTS`) over
    the runs above ``floor`` seconds, shifted up to cover each of them; ``base`` covers
    the runs below.  One term: least squares of log(cpu) on log(work); two terms: the
    grid of :func:`_two_terms`.  ``max_couplings``: ``{stage: C}`` leaves out the models
    with more couplings."""
    from symrg.model.budget import STAGE_COSTS, stage_work
    for stage in STAGES:
        cost, pts = STAGE_COSTS[stage], []
        limit = (max_couplings or {}).get(stage)
        for _, rows in results:
            z, cpu = rows.get("sizes"), rows.get(stage, {}).get("cpu")
            if z is None or cpu is None or (limit and z["couplings"] > limit) or \
                    (stage == "flows" and z.get("flow_fields") is False):
                continue
            pts.append((stage_work(z, terms=rows.get("rg_map", {}).get("terms"))[stage], cpu))
        base = max([c for _, c in pts if c < floor] + [0.0])
        big = [(w, c) for w, c in pts if c >= floor]
        if len(big) < 3:
            print(f"{stage}: {len(big)} runs above {floor} s, no fit (base {base:.2f})")
            continue
        if cost.work2:
            c, a, c2, a2 = _two_terms(big, base)
            law = (f"{c:.3g} * ({cost.work})^{a:.2f} + {c2:.3g} * ({cost.work2})^{a2:.2f}")
        else:
            c, a = _one_term(big, base)
            law = f"{c:.3g} * ({cost.work})^{a:.2f}"
        works = [w for (w, _), _ in big]
        print(f"{stage}: cpu ~ {base:.2f} + {law} over {len(big)} runs (work {min(works):.3g}"
              f" to {max(works):.3g})" + (f", models with C <= {limit} only" if limit else ""))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cap", type=float, default=120.0, help="CPU seconds per model")
    ap.add_argument("--random", type=int, default=0, help="random small models to add")
    ap.add_argument("--only", default="", help="comma-separated substrings of labels")
    ap.add_argument("--save", help="append the raw measurements to this JSON-lines file")
    ap.add_argument("--fit", help="print the table and fits of saved runs (FILE[,FILE...]), "
                                  "measure nothing")
    ap.add_argument("--all-couplings", action="store_true",
                    help="fit rg_map and report on every model (default: C <= 100)")
    args = ap.parse_args()
    limits = None if args.all_couplings else FIT_MAX_COUPLINGS
    if args.fit:
        latest = {}
        for name in args.fit.split(","):
            for line in open(name):
                label, rows = json.loads(line)
                latest[label] = rows
        results = list(latest.items())
        table(results)
        fit(results, max_couplings=limits)
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
    fit(results, max_couplings=limits)


if __name__ == "__main__":
    main()
