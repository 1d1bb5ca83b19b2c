"""The count matrix Omega of one layer (the (W, b) sum of Eq. 21, collapsed).

W and b enter the decimation sum only through sigma(W h + b), so their sum
collapses into integers

    Omega[h, s] = #{(W, b) : sigma(W h + b) = s},

with h an h-configuration and s a sigma-configuration of one layer (all N neurons
and L data points).  Rows of W act independently, so Omega factorises over the
output neurons and a single row is ever enumerated.

With a weight prior (:mod:`symrg.model.prior`) each (W, b) counts with its relative weight
``prod omega_W(W_ij) prod omega_b(b_i)``, ``omega(v) = P(v) |V|``; the uniform prior
gives omega = 1 and the integer counts above, so Omega is then unchanged.
"""

from collections import Counter
from functools import lru_cache

import sympy

from ..model.network import Model
from ..model.prior import value_weights

__all__ = ["count_matrix", "row_counts"]


def row_counts(model: Model, h_config: tuple) -> Counter:
    """Counts of one output neuron's pattern over the L data points.

    Returns a Counter mapping ``(s_1, ..., s_L)`` to the number of pairs (row of W,
    bias b) that produce it from the layer configuration ``h_config`` (with a prior:
    their total relative weight, a Rational).
    """
    N, L = model.width, model.data
    columns = [h_config[l * N:(l + 1) * N] for l in range(L)]
    w_weights = list(zip(model.W_values, value_weights(model, "W")))
    b_weights = list(zip(model.b_values, value_weights(model, "b")))
    partial = Counter({(sympy.Integer(0),) * L: 1})
    for j in range(N):
        nxt = Counter()
        for sums, n in partial.items():
            for w, weight in w_weights:
                nxt[tuple(sums[l] + w * columns[l][j] for l in range(L))] += (
                    n if weight == 1 else n * weight)
        partial = nxt
    act = model.activation.as_dict()
    out = Counter()
    for sums, n in partial.items():
        for b, weight in b_weights:
            out[tuple(act[x + b] for x in sums)] += n if weight == 1 else n * weight
    return out


@lru_cache(maxsize=64)
def count_matrix(model: Model) -> sympy.ImmutableMatrix:
    """The integer matrix Omega over (h-configurations) x (sigma-configurations).

    Rows follow ``model.h_states`` and columns ``model.sigma_states``.  Each row sums
    to ``(|V_W|^N |V_b|)^N``, the number of (W, b) of one layer.  With a non-uniform
    prior the entries are the rationals of the weighted count (same row sums).

    Examples
    --------
    >>> from symrg.model.network import paper_model
    >>> count_matrix(paper_model())
    Matrix([
    [2, 2],
    [1, 3]])
    """
    N, L = model.width, model.data
    rows = []
    for h in model.h_states:
        per_neuron = row_counts(model, h)
        row = []
        for s in model.sigma_states:
            n = 1
            for i in range(N):
                n *= per_neuron.get(tuple(s[l * N + i] for l in range(L)), 0)
                if n == 0:
                    break
            row.append(n)
        rows.append(row)
    return sympy.ImmutableMatrix(rows)
