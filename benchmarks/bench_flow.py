"""Benchmark: ``symrg flow`` numeric (default) against exact iteration (``--exact``).

Run:  python benchmarks/bench_flow.py [--steps N] [--exact-limit S]

Model: p = 3, W, b in {-1, 1}, h in {0, 1, 2} with a table activation (8 couplings, a
fractional inverse design), from the rational start e^{K_hs} = 2.  Exact iteration
takes roots of rationals whose heights triple per step; before ``--exact`` existed it
was the default for rational starts (4.5 CPU minutes without output on such a model).
The numeric trajectory runs at 50 digits.  Each exact step is timed until one step
exceeds ``--exact-limit`` CPU seconds or the exact path stops with its error.
"""

import argparse
import time

from symrg.errors import SymRGError
from symrg.rg.flow import rg_trajectory
from symrg.model.network import Model

MODEL = {"name": "p3 three-valued", "scale": 3,
         "values": {"W": [-1, 1], "b": [-1, 1], "h": [0, 1, 2]},
         "activation": {"table": {"-3": 0, "-2": 0, "-1": 0, "0": 1, "1": 1, "2": 2, "3": 2}}}
START = {"exp_K_hs": 2, "K_hhss": 0, "K_hhs": 0, "K_hss": 0, "K_hh": 0, "K_ss": 0,
         "K_h": 0, "K_s": 0}


def timed(fn):
    cpu, wall = time.process_time(), time.perf_counter()
    try:
        fn()
        status = "ok"
    except SymRGError as exc:
        status = f"stopped: {str(exc)[:60]}"
    return time.process_time() - cpu, time.perf_counter() - wall, status


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=6)
    parser.add_argument("--exact-limit", type=float, default=30.0)
    args = parser.parse_args()
    model = Model.from_dict(MODEL)
    print(f"{'steps':>5}  {'numeric CPU s':>13}  {'wall s':>7}  {'exact CPU s':>11}  "
          f"{'wall s':>7}  exact status")
    exact_done = False
    for steps in range(1, args.steps + 1):
        n_cpu, n_wall, _ = timed(lambda: rg_trajectory(model, START, steps, digits=50))
        row = f"{steps:>5}  {n_cpu:>13.3f}  {n_wall:>7.3f}"
        if not exact_done:
            e_cpu, e_wall, status = timed(lambda: rg_trajectory(model, START, steps, exact=True))
            row += f"  {e_cpu:>11.3f}  {e_wall:>7.3f}  {status}"
            exact_done = e_cpu > args.exact_limit or status != "ok"
        else:
            row += f"  {'-':>11}  {'-':>7}  skipped (previous step over the limit or stopped)"
        print(row, flush=True)


if __name__ == "__main__":
    main()
