"""Independent oracles for wide chains (L = 1, two h values): no symrg.types/width code.

* :func:`type_chain` builds the binomial type chain from its definition: the k-type
  (k neurons at the second h value) sends every output neuron independently to sigma = x
  with probability p_k(x), computed by exact convolution of the prior over W and b; the
  next layer's type k' then has weight C(N, k') g_1(k)^k' g_0(k)^(N-k'), with
  g_a(k) = sum_x p_k(x) u^(-|h_a - x|^q) (DNA) or [h_a = x] (plain).
* :func:`configuration_chain` is the full |V_h|^N x |V_h|^N transfer matrix, every W row
  and b enumerated literally.
* :func:`top_two` gives lambda_1 and |lambda_2| of a matrix by arb's own certified
  eigensolver (``acb_mat.eig``), at a stated precision.
"""

import itertools
from fractions import Fraction

import flint


def _prior(model, name):
    values = model.W_values if name == "W" else model.b_values
    probs = None if model.prior is None else getattr(model.prior, name, None)
    if probs is None:
        return {v: Fraction(1, len(values)) for v in values}
    return {v: Fraction(str(p)) for v, p in zip(values, probs)}


def output_distribution(model, inputs):
    """P(sigma = x) of one output neuron for the input tuple ``inputs`` (exact)."""
    pre = {0: Fraction(1)}
    for h in inputs:
        new = {}
        for s, p in pre.items():
            for w, q in _prior(model, "W").items():
                key = s + Fraction(str(w)) * Fraction(str(h))
                new[key] = new.get(key, 0) + p * q
        pre = new
    out = {}
    for s, p in pre.items():
        for b, q in _prior(model, "b").items():
            x = ACTIVATIONS[model.activation.name](s + Fraction(str(b)))
            out[x] = out.get(x, 0) + p * q
    return out


#: The built-in activations, written out literally (tables do not reach wide pre-activations).
ACTIVATIONS = {"heaviside": lambda x: 1 if x >= 0 else 0,
               "heaviside0": lambda x: 1 if x > 0 else 0}


def _bond(model, a, x, u):
    if u is None:
        return flint.arb(1 if a == x else 0)
    dist = abs(Fraction(str(a)) - Fraction(str(x))) ** model.norm
    return flint.arb(u) ** (-flint.arb(flint.fmpq(dist.numerator, dist.denominator)))


def _g(model, dist, a, u):
    total = flint.arb(0)
    for x, p in dist.items():
        total += flint.arb(flint.fmpq(p.numerator, p.denominator)) * _bond(model, a, x, u)
    return total


def type_chain(model, N, u=None):
    """The (N+1) x (N+1) binomial type chain as an arb_mat (u = None: plain)."""
    h0, h1 = model.h_values
    rows = []
    for k in range(N + 1):
        dist = output_distribution(model, [h1] * k + [h0] * (N - k))
        g0, g1 = _g(model, dist, h0, u), _g(model, dist, h1, u)
        rows.append([flint.arb(_binom(N, j)) * g1 ** j * g0 ** (N - j) for j in range(N + 1)])
    return flint.arb_mat(rows)


def _binom(n, k):
    from math import comb
    return flint.fmpz(comb(n, k))


def configuration_chain(model, N, u=None):
    """The full transfer matrix over all |V_h|^N configurations (arb_mat)."""
    configs = list(itertools.product(model.h_values, repeat=N))
    rows = []
    for h in configs:
        dist = output_distribution(model, h)
        g = {a: _g(model, dist, a, u) for a in model.h_values}
        row = []
        for h2 in configs:
            w = flint.arb(1)
            for a in h2:
                w *= g[a]
            row.append(w)
        rows.append(row)
    return flint.arb_mat(rows)


def top_two_mpmath(M, dps=60):
    """(lambda_1, |lambda_2|) of an arb_mat's midpoints by mpmath.eig (for singular M)."""
    import mpmath
    with mpmath.workdps(dps):
        A = mpmath.matrix([[mpmath.mpf(M[i, j].mid().str(dps + 5, radius=False))
                            for j in range(M.ncols())] for i in range(M.nrows())])
        mods = sorted((abs(z) for z in mpmath.eig(A)[0]), reverse=True)
        return flint.arb(mpmath.nstr(mods[0], dps)), flint.arb(mpmath.nstr(mods[1], dps))


def top_two(M):
    """(lambda_1, |lambda_2|) of M by arb's certified eigensolver (zeros allowed)."""
    values = flint.acb_mat(M).eig(multiple=True)
    mods = sorted((abs(z) for z in values), key=lambda a: -a.mid())
    return mods[0], mods[1]
