"""Benchmark: escape rate of a reducible plain wide chain (symrg.width.reducible).

Run:  python benchmarks/bench_wide_reducible.py [--digits 30]
The issue-17 model (W in {-1, 2}, b in {-1, 0}, h in {0, 1}, heaviside0): all h = 0 absorbs
the plain chain and every other type is transient, with eps = 1 - rho(T) = 7.2e-12 at
N = 16, 1.2e-139 at N = 64, 5.2e-1851 at N = 256 and 3.1e-25841 at N = 1000.
``wide_chain(plain=True)`` gets eps with relative accuracy at ``digits + 30`` working
digits (subtraction-free inverse of I - T, Collatz--Wielandt brackets).  The baseline, run
in the same process, is the straightforward one: 1 - rho from a power of T computed at the
precision that the cancellation needs (-log10 eps + digits + 20 digits), by repeated
squaring of the transient block (N <= 64 by default; --naive-max 256 runs it at 1900
digits: measured 291 CPU s against 0.53 s, agreeing to 6e-32 relative).
CPU seconds (this process) are printed beside wall seconds: the machine is shared.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import flint  # noqa: E402
import mpmath  # noqa: E402

from symrg.model.network import Model  # noqa: E402
from symrg.width import chain as C  # noqa: E402
from timing import timed  # noqa: E402


def absorbing():
    return Model.from_dict({"name": "absorbing heaviside0",
                            "values": {"W": [-1, 2], "b": [-1, 0], "h": [0, 1]},
                            "activation": {"name": "heaviside0"}})


def reduced(N, digits):
    C._class_data.cache_clear()
    return C.wide_chain(absorbing(), N, plain=True, digits=digits, distances=range(31))


def naive(N, digits, exponent):
    """1 - rho(T) by T^(2^k) at the precision the subtraction needs."""
    C._class_data.cache_clear()
    wp = exponent + digits + 20
    with C.flint_precision(wp):
        ((states, T, _),) = C.plain_transient_blocks(absorbing(), N).values()
        T = T.mid()
        Q = T
        for _ in range(10):
            Q = (Q * Q).mid()
        y = (Q * flint.arb_mat(len(states), 1, [1] * len(states))).mid()
        z = T * y
        rho = z[0, 0] / y[0, 0]
        with mpmath.workdps(digits + 10):
            return mpmath.mpf((1 - rho).mid().str(digits + 5, radius=False))


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--digits", type=int, default=30)
    parser.add_argument("--naive-max", type=int, default=64)
    args = parser.parse_args(argv)
    print(f"escape rate of the absorbing plain chain, {args.digits} digits, G_h(r <= 30)")
    print(f"{'N':>5} {'classes':>8} {'CPU s':>8} {'wall s':>8} {'naive CPU s':>12} "
          f"{'wall s':>8}  eps = 1 - rho (agreement with naive)")
    for N in (8, 16, 64, 256, 1000):
        p, c, w = timed(reduced, N, args.digits)
        eps = p.structure.gap
        text = mpmath.nstr(eps, 12)
        if N <= args.naive_max:
            exponent = int(-mpmath.log10(eps)) + 1
            value, c2, w2 = timed(naive, N, args.digits, exponent)
            with mpmath.workdps(args.digits + 10):
                rel = abs(value / eps - 1)
            print(f"{N:>5} {p.classes:>8} {c:>8.2f} {w:>8.2f} {c2:>12.2f} {w2:>8.2f}  "
                  f"{text} (rel. diff {mpmath.nstr(rel, 2)})")
        else:
            print(f"{N:>5} {p.classes:>8} {c:>8.2f} {w:>8.2f} {'-':>12} {'-':>8}  {text}")


if __name__ == "__main__":
    main()
