"""Benchmark: exact RG map for binary models of growing width and data count.

Run:  python benchmarks/bench_engine.py [--no-baseline]

symrg's path collapses the (W, b) sum into the count matrix Omega (one row of W
enumerated), uses neuron/data permutation symmetry, and sums paths by exponent
vectors.  The naive baseline is what one writes by hand: a sympy sum over every
(h_m, W, b) for every (h, sigma) entry, then the couplings from a sympy linear
solve.  It runs in the same process where it finishes in reasonable time.
"""

import argparse
import itertools
import sys
import time
import tracemalloc

import sympy

from symrg import coupling_basis, rg_map
from symrg.model.network import PAPER_MODEL, Model

CASES = [(1, 1), (2, 1), (3, 1), (1, 2), (1, 3)]
BASELINE_LIMIT = 16  # largest number of weight entries (unknowns) the naive baseline attempts


def model_for(width, data):
    return Model.from_dict(dict(PAPER_MODEL, width=width, data=data,
                                name=f"binary N={width} L={data}"))


def symrg_map(model):
    rg_map.cache_clear()
    coupling_basis.cache_clear()
    return rg_map(model)


def naive_map(model):
    """sympy sum over every configuration, no Omega, no symmetry."""
    basis = coupling_basis(model, symmetric=False)
    K = basis.symbols
    N, L = model.width, model.data
    layers = [([flat[i * N:(i + 1) * N] for i in range(N)], b)
              for flat in itertools.product(model.W_values, repeat=N * N)
              for b in itertools.product(model.b_values, repeat=N)]
    def sigma(W, b, h):
        return tuple(model.activation(sum(W[i][j] * h[l * N + j] for j in range(N)) + b[i])
                     for l in range(L) for i in range(N))
    def weight(h, s):
        i, j = model.h_states.index(h), model.sigma_states.index(s)
        return sympy.exp(basis.exponent(i, j, K))
    logs = []
    for orbit in basis.pair_orbits:
        h, s = model.h_states[orbit[0][0]], model.sigma_states[orbit[0][1]]
        total = sympy.Add(*[weight(h, sigma(W, b, hm)) * weight(hm, s)
                            for hm in model.h_states for W, b in layers])
        logs.append(sympy.log(total))
    unknowns = sympy.symbols(f"c0:{len(logs)}")
    eqs = [sum(basis.design_matrix[o, k] * unknowns[k] for k in range(len(logs))) - logs[o]
           for o in range(len(logs))]
    return sympy.solve(eqs, unknowns, dict=True)


def measure(fn, *args):
    """(result, seconds, peak MiB): timed without tracing, then traced for memory."""
    t0 = time.perf_counter()
    out = fn(*args)
    elapsed = time.perf_counter() - t0
    tracemalloc.start()
    fn(*args)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return out, elapsed, peak / 2**20


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args(argv)
    header = (f"{'model':<16}{'couplings':>10}{'symrg s':>10}{'symrg MiB':>11}"
              f"{'naive s':>10}{'naive MiB':>11}{'speed-up':>10}")
    print(header)
    print("-" * len(header))
    for width, data in CASES:
        model = model_for(width, data)
        m, t, mem = measure(symrg_map, model)
        entries = len(model.h_states) * len(model.sigma_states)
        if args.no_baseline or entries > BASELINE_LIMIT:
            naive = f"   (baseline skipped: {entries} unknowns)"
            print(f"{model.name:<16}{m.basis.size:>10}{t:>10.3f}{mem:>11.1f}{naive}")
            continue
        _, tn, memn = measure(naive_map, model)
        print(f"{model.name:<16}{m.basis.size:>10}{t:>10.3f}{mem:>11.1f}"
              f"{tn:>10.3f}{memn:>11.1f}{tn / t:>9.0f}x")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
