"""Benchmark: exact wide chains by the type-class reduction, beside full enumeration.

Run:  python benchmarks/bench_width.py [--full-max 6] [--sections 1,2,3] [--width-n 1000]
Targets: xi and G_h(r <= 30) at N = 1000, L = 1, 50 digits <= 10 s; the overlap map at
N = 40, L = 2 <= 60 s; ``symrg width`` at N = 1000 for the nonzero-mean prior of issue 17
within the CPU time of the zero-mean case (section 3, the two side by side).  Full enumeration (transfer matrices over all |V_h|^N
configurations, symrg.lattice.transfer) is the baseline, run in the same process up to
--full-max; the table reports the crossover and the ratio at the largest common N.
CPU time (time.process_time) is printed beside wall time: the machine is shared.
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import mpmath  # noqa: E402

from symrg.model.network import Model
from symrg.width.overlap import overlap_map
from symrg.lattice.transfer import correlation_function, correlation_length
from symrg.width.chain import _class_data, wide_chain


def heaviside(width=1, data=1, max_states=4096):
    return Model.from_dict({"name": "binary heaviside", "width": width, "data": data,
                            "values": {"W": [-1, 1], "b": [-1, 1], "h": [0, 1]},
                            "activation": {"name": "heaviside"}}, max_states=max_states)


def sign2():
    return Model.from_dict({"name": "sign", "data": 2,
                            "values": {"W": [-1, 1], "b": [-1, 1], "h": [-1, 1]},
                            "activation": {"name": "binary_sign"}})


def biased(width=1):
    """The issue-17 model: W in {-1, 2} (prior mean 1/2), b in {-1, 0}, heaviside0."""
    return Model.from_dict({"name": "nonzero-mean heaviside0", "width": width,
                            "values": {"W": [-1, 2], "b": [-1, 0], "h": [0, 1]},
                            "activation": {"name": "heaviside0"}})


def width_command(model, N, digits):
    """What `symrg width --widths N` computes: DNA and plain chains, G_h(r <= 30)."""
    from symrg.records.width import width_scan
    _class_data.cache_clear()
    return width_scan(model, [N], digits=digits)


def timed(fn):
    c0, w0 = time.process_time(), time.perf_counter()
    out = fn()
    return out, time.process_time() - c0, time.perf_counter() - w0


def reduced(N, digits=50):
    _class_data.cache_clear()
    return wide_chain(heaviside(), N, u=mpmath.e, digits=digits, distances=range(31),
                      max_states=10 ** 6)


def full(N, digits=50):
    m = heaviside(N, max_states=10 ** 9)
    xi = correlation_length(m, u=mpmath.e, digits=digits)
    G = correlation_function(m, range(31), u=mpmath.e, digits=digits)
    return xi, G


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--full-max", type=int, default=6)
    parser.add_argument("--digits", type=int, default=50)
    parser.add_argument("--width-n", type=int, default=1000)
    parser.add_argument("--sections", default="1,2,3", help="comma-separated sections to run")
    args = parser.parse_args(argv)
    sections = {int(x) for x in args.sections.split(",")}
    if 1 in sections:
        _section1(args)
    if 2 in sections:
        _section2()
    if 3 in sections:
        _section3(args)


def _section1(args):
    print("1. xi and G_h(r <= 30), L = 1 binary heaviside, DNA beta_v = 1, "
          f"{args.digits} digits")
    print(f"{'N':>5} {'reduced CPU s':>14} {'wall s':>8} {'full CPU s':>11} {'wall s':>8}  "
          f"{'ratio (CPU)':>11}  agreement")
    rows = []
    for N in list(range(1, args.full_max + 1)) + [10, 100, 1000]:
        p, c_red, w_red = timed(lambda: reduced(N, args.digits))
        if N <= args.full_max:
            (xi, G), c_full, w_full = timed(lambda: full(N, args.digits))
            with mpmath.workdps(args.digits):
                diff = max([abs(a - b) for a, b in zip(p.G, G)] + [abs(p.xi - xi)])
            rows.append((N, c_red, c_full))
            print(f"{N:>5} {c_red:>14.3f} {w_red:>8.2f} {c_full:>11.3f} {w_full:>8.2f}  "
                  f"{c_full / c_red:>11.1f}  max diff {mpmath.nstr(diff, 3)}")
        else:
            print(f"{N:>5} {c_red:>14.3f} {w_red:>8.2f} {'-':>11} {'-':>8}  {'':>11}  "
                  f"xi = {mpmath.nstr(p.xi, 15)} ({p.types} types, {p.classes} classes)")
    cross = [N for N, cr, cf in rows if cr < cf]
    N, cr, cf = rows[-1]
    print(f"crossover: reduced faster from N = {cross[0] if cross else '(none)'}; "
          f"at the largest common N = {N}: full / reduced = {cf / cr:.1f} (CPU)")


def _section2():
    print("\n2. overlap map, L = 2 sign network, all k = 0..N")
    for N in (10, 20, 40):
        om, c, w = timed(lambda: overlap_map(sign2(), N, plain=True))
        print(f"  N = {N:>3}: plain (exact rationals) CPU {c:.2f} s, wall {w:.2f} s")
    om, c, w = timed(lambda: overlap_map(sign2(), 40, u=mpmath.e))
    print(f"  N =  40: DNA beta_v = 1 (numbers at u = e) CPU {c:.2f} s, wall {w:.2f} s")


def _section3(args):
    print(f"\n3. symrg width at N = {args.width_n} (DNA + plain, G_h(r <= 30), {args.digits} "
          f"digits, certified chi/xi): zero-mean prior (baseline) vs nonzero mean")
    print(f"{'model':>26} {'CPU s':>8} {'wall s':>8}  chi_DNA, xi_DNA; plain")
    times = {}
    for name, make in (("zero mean (W = +-1)", heaviside), ("nonzero mean (W = -1, 2)", biased)):
        scan, c, w = timed(lambda: width_command(make(), args.width_n, args.digits))
        row = scan.record["rows"][0]
        failed = scan.record.get("plain_failures")
        num = lambda text: mpmath.nstr(mpmath.mpf(text), 11)       # by value: keeps exponents
        plain = failed[0]["reason"] if failed else f"xi = {num(row['xi_plain'])}"
        times[name] = c
        print(f"{name:>26} {c:>8.2f} {w:>8.2f}  {num(row['chi_dna'])}, {num(row['xi_dna'])}; "
              f"{plain[:90]}")
    a, b = times.values()
    print(f"ratio nonzero / zero mean (CPU): {b / a:.2f}")


if __name__ == "__main__":
    main()
