"""Benchmark: complete fixed points (block classification) against the old numeric search.

For each model: the exact classification (``find_fixed_points``), the same followed
by the Jacobians of ``symrg.fixedpoints.linearize`` at every point on this branch, and the old
Newton search (``numeric_search``, 24 starts, run in a subprocess with a time cap).
CPU time (time.process_time) and wall time, with the number of isolated points and
families each method reports.  The paper's model also runs at 1000 digits and
against sympy.solve on the naive cleared numerators.

Run:  python benchmarks/bench_fixedpoints.py [--cap SECONDS]
Targets: binary width 2 with Jacobians <= 3 s; hardtanh width 2 <= 10 s; binary
N = 3 and L = 3 <= 30 s each; 1000 digits on binary N = 2 <= 10 s.

Measured on the shared 2-core machine (8 jobs; CPU seconds, wall in brackets), 2026-11-29:
classification alone / with Jacobians: binary width 2 0.15 / 0.31 (2.3);
hardtanh width 2 2.2 / 28 (148; the Jacobians are the old exp-coordinate linearize);
binary N = 3 2.1 / 3.0 (11.6); binary L = 3 4.5 / 7.2 (19.6); 1000 digits on binary
N = 2 0.29 (0.87).  The old numeric search timed out at 60 s wall on all four.
"""

import argparse
import multiprocessing as mp
import time
from pathlib import Path

import sympy

from symrg.lattice.counting import count_matrix
from symrg.rg.couplings import coupling_basis
from symrg.rg.decimation import rg_map
from symrg.rg.charts import exp_symbols
from symrg.fixedpoints.analysis import find_fixed_points, numeric_search
from symrg.fixedpoints.linearize import linearize
from symrg.model.files import load_model
from symrg.model.network import paper_model

HERE = Path(__file__).parent
ROOT = HERE.parent


def _clear():
    sympy.core.cache.clear_cache()
    for cache in (count_matrix, rg_map, coupling_basis):
        cache.cache_clear()
    from symrg.fixedpoints import classify, equations as fpequations
    from symrg.rg import symmetry
    for mod in (symmetry, classify, fpequations):
        for name in dir(mod):
            obj = getattr(mod, name)
            if hasattr(obj, "cache_clear"):
                obj.cache_clear()


def timed(fn):
    _clear()
    c0, w0 = time.process_time(), time.perf_counter()
    out = fn()
    return out, time.process_time() - c0, time.perf_counter() - w0


def exact(model, digits=50, jacobians=False):
    fp = find_fixed_points(model, digits=digits)
    if jacobians:
        for pt in fp.isolated + fp.families:
            linearize(model, pt, digits=digits)
    return f"{len(fp.isolated)} isolated, {len(fp.families)} families, {len(fp.rejected)} rejected"


def _numeric_child(model, queue):
    c0, w0 = time.process_time(), time.perf_counter()
    iso, fam, _, _ = numeric_search(model, digits=50)
    queue.put((f"{len(iso)} isolated, {len(fam)} families (not proven complete)",
               time.process_time() - c0, time.perf_counter() - w0))


def numeric(model, cap):
    """The old Newton search in a subprocess, killed after ``cap`` seconds."""
    queue = mp.Queue()
    proc = mp.Process(target=_numeric_child, args=(model, queue))
    proc.start()
    proc.join(cap)
    if proc.is_alive():
        proc.terminate()
        proc.join()
        return f"timed out after {cap:.0f} s", float("nan"), float(cap)
    return queue.get()


def naive_solve():
    model = paper_model()
    xs = exp_symbols(model)
    form = rg_map(model).exponential_form()
    eqs = [sympy.numer(sympy.together(form[s.name[4:]] - s)) for s in xs]
    return f"{len(sympy.solve(eqs, xs, dict=True))} solutions (4 spurious)"


MODELS = [
    ("paper", lambda: paper_model()),
    ("binary_width2 (examples)", lambda: load_model(ROOT / "examples" / "binary_width2.toml")),
    ("hardtanh_w2", lambda: load_model(HERE / "models" / "hardtanh_w2.toml")),
    ("binary N=3", lambda: paper_model(width=3)),
    ("binary L=3", lambda: paper_model(data=3)),
    ("h = [0, 1/2]", lambda: paper_model(values={"W": [-1, 1], "b": [-1, 1], "h": [0, "1/2"]})),
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cap", type=float, default=120, help="time cap of the old search")
    args = parser.parse_args()
    rows = []
    for name, make in MODELS:
        model = make()
        res, cpu, wall = timed(lambda: exact(model))
        rows.append((name, "exact classification", cpu, wall, res))
        res, cpu, wall = timed(lambda: exact(model, jacobians=True))
        rows.append((name, "  + Jacobians (linearize)", cpu, wall, res))
        res, cpu, wall = numeric(model, args.cap)
        rows.append((name, "old numeric search (24 starts)", cpu, wall, res))
    for digits in (1000,):
        for name, make in MODELS[:2]:
            model = make()
            res, cpu, wall = timed(lambda: exact(model, digits=digits, jacobians=True))
            rows.append((name, f"exact + Jacobians, {digits} digits", cpu, wall, res))
    res, cpu, wall = timed(naive_solve)
    rows.append(("paper", "sympy.solve (naive numerators)", cpu, wall, res))
    print(f"{'model':26s} {'method':34s} {'CPU [s]':>8s} {'wall [s]':>9s}  result")
    for name, method, cpu, wall, res in rows:
        print(f"{name:26s} {method:34s} {cpu:8.2f} {wall:9.2f}  {res}")


if __name__ == "__main__":
    main()
