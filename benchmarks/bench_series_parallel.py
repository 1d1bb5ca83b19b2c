"""Benchmark: series-parallel fixed points (exact elimination) and phase diagrams.

Rows:
1. The paper's model with m = 2 branches: every fixed point (msolve per chart +
   certified arb roots) with eigenvalues and exponents at 50 digits.  Target <= 10 CPU-s.
2. Its phase diagram on the (beta_v, A) slice at 200 x 200 (numpy flow of the whole
   grid).  Target <= 60 CPU-s.
3. Baselines in the same run: sympy's groebner (lex) on the same chart-0 system (the
   naive exact route; killed after 30 s) against msolve on it, and the phase diagram
   as a pure-Python mpmath loop on a 20 x 20 grid (x100 for 200 x 200).

Measured 2026-12-06 on the shared 2-core machine (CPU s / wall s): all fixed points
and exponents of the paper's model with m = 2 at 50 digits 0.11 / 0.38 (29 points,
complete); phase diagram 200 x 200 0.44 / 1.5; mpmath loop 20 x 20 0.40 / 1.4 (about
40 s for 200 x 200); msolve on chart 0 0.08 s wall; sympy groebner > 120 s (killed).

CPU seconds include msolve's own (child-process) time.

Run:  python benchmarks/bench_series_parallel.py
"""

import multiprocessing as mp
import time

import mpmath

from symrg.model.network import paper_model
from symrg.fixedpoints.seriesparallel.phase import (Slice, attractors, basins, classify,
                                                    coupling_direction, dna_direction)
from symrg.fixedpoints.seriesparallel.record import fixed_points_record
from symrg.fixedpoints.seriesparallel.solve import _chart_system
from symrg.fixedpoints.seriesparallel.msolve import parametrize
from symrg.rg.seriesparallel import weight_map
from timing import cpu_seconds, timed_row


def timed(label, function):
    return timed_row(label, function, 58)



def main():
    print(f"{'task':<58} {'CPU s':>8} {'wall s':>8}")
    F = weight_map(paper_model(architecture={"parallel": 2}))
    record = timed("paper m=2: all fixed points + exponents (50 digits)",
                   lambda: fixed_points_record(F, 50))
    print(f"    {record['counts']}, complete: {record['complete']}")
    plane = Slice(dna_direction(F), coupling_direction(F, "A"), "beta_v", "A", (0, 4), (-3, 3))
    sinks = attractors(F, record)
    timed("paper m=2: phase diagram 200 x 200 (numpy)",
          lambda: basins(F, plane, sinks, size=200))

    def coarse():
        with mpmath.workdps(15):
            for i in range(20):
                for j in range(20):
                    x, y = mpmath.mpf(4) * i / 19, -3 + mpmath.mpf(6) * j / 19
                    w = [mpmath.exp(x * a + y * b) for a, b in zip(plane.a, plane.b)]
                    classify(F, w, sinks, steps=200, tolerance=mpmath.mpf(10) ** -6)
    timed("baseline: same, pure-Python mpmath loop, 20 x 20 (x100 for 200^2)", coarse)

    polys, names = _chart_system(F, 0)
    timed("paper m=2 chart 0: msolve parametrisation", lambda: parametrize(polys, names))
    c0, w0 = cpu_seconds(), time.perf_counter()
    proc = mp.Process(target=_naive, args=(polys, names))
    proc.start()
    proc.join(CAP)
    finished = proc.exitcode == 0
    if proc.is_alive():
        proc.kill()
        proc.join()
    label = "baseline: sympy groebner (lex), same system" + ("" if finished else
                                                            f" (killed at {CAP} s)")
    print(f"{label:<58} {cpu_seconds() - c0:8.2f} {time.perf_counter() - w0:8.2f}")


#: Wall-time cap of the naive baseline (seconds).
CAP = 30


def _naive(polys, names):
    import sympy
    syms = sympy.symbols(names)
    sympy.groebner([sympy.sympify(p.replace("^", "**")) for p in polys], *syms, order="lex")


if __name__ == "__main__":
    main()
