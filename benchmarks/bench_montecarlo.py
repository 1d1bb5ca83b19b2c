"""Benchmark of symrg.seeds.montecarlo: site updates per second on the paper's Fig. 7 run.

The vectorised samplers (numpy, checkerboard over all layers) run the paper's depth
10^4; a plain-Python baseline makes exactly the same heat-bath moves from the same
tables, one layer at a time, on a shorter chain in the same process.  A site update
is one heat-bath draw of one layer block: an h^(m) or a (W^(m), b^(m)) for the DNA,
one neuron (with its two adjacent layers redrawn) for the plain network.

Run: python benchmarks/bench_montecarlo.py
"""

import random
import time

from symrg import paper_model
from symrg.seeds.montecarlo import _dna_tables, _plain_tables, run_monte_carlo

DEPTH, SWEEPS = 10_000, 1000
PY_DEPTH, PY_SWEEPS = 2000, 10


def _pick(cum, u):
    """Index j with cum[j-1] < u <= cum[j] (cum without its final 1)."""
    return sum(1 for c in cum if c < u)


def python_dna(depth, sweeps, seed=0):
    """DNA checkerboard heat-bath, plain Python; returns site updates per second."""
    t = _dna_tables(paper_model(), 1, 1, 30)
    cum_k, cum_h, F = t.cum_k.tolist(), t.cum_h.tolist(), t.F.tolist()
    order, start, omega = t.order.tolist(), t.start.tolist(), t.omega.tolist()
    rnd = random.Random(seed).random
    h = [t.x] + [0] * (depth - 1) + [t.n_h]
    k = [0] * depth
    begin = time.perf_counter()
    for _ in range(sweeps):
        for m in range(depth):
            a = h[m]
            s = _pick(cum_k[a][h[m + 1]], 1.0 - rnd())
            k[m] = order[a][start[a][s] + int(rnd() * omega[a][s])]
        for first in (2, 1):
            for m in range(first, depth, 2):
                s_prev = F[k[m - 1]][h[m - 1]]
                h[m] = _pick(cum_h[s_prev][k[m]][h[m + 1]], 1.0 - rnd())
    return sweeps * (2 * depth - 1) / (time.perf_counter() - begin)


def python_plain(depth, sweeps, seed=0):
    """Collapsed plain-network heat-bath, plain Python; returns site updates per second."""
    t = _plain_tables(paper_model(), 1, 30)
    cum_p = t.cum_p.tolist()
    rnd = random.Random(seed).random
    h = [t.x] + [1] * depth + [t.n_h]
    begin = time.perf_counter()
    for _ in range(sweeps):
        for first in (2, 1):
            for m in range(first, depth + 1, 2):
                h[m] = _pick(cum_p[h[m - 1]][h[m + 1]], 1.0 - rnd())
    return sweeps * depth / (time.perf_counter() - begin)


def main():
    print(f"paper model, beta = beta_v = 1; numpy: depth {DEPTH}, {SWEEPS} sweeps; "
          f"Python baseline: depth {PY_DEPTH}, {PY_SWEEPS} sweeps")
    baseline = {"DNA": python_dna(PY_DEPTH, PY_SWEEPS), "plain": python_plain(PY_DEPTH, PY_SWEEPS)}
    for plain in (False, True):
        label = "plain" if plain else "DNA"
        res = run_monte_carlo(paper_model(), depth=DEPTH, sweeps=SWEEPS, seed=1, plain=plain,
                              progress=False)
        overall = res.site_updates / res.elapsed
        print(f"{label:>5}: numpy {res.rate:.3g} site updates/s (sweeps only), "
              f"{overall:.3g}/s with measurements, {res.elapsed:.2f} s for "
              f"{res.thermalize + res.sweeps} sweeps | Python {baseline[label]:.3g}/s | "
              f"speed-up {res.rate / baseline[label]:.0f}x")


if __name__ == "__main__":
    main()
