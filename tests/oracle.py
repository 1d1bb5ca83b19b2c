"""Brute-force oracles: literal enumeration of every W, b and h (the test reference).

Nothing here uses the count matrix or the matrix-product form of the engine.
"""

import itertools

import sympy


def layer_output(model, W, b, h_config):
    """sigma(W h + b) for every data point, as a configuration tuple (site t = l N + i)."""
    N, L = model.width, model.data
    out = []
    for l in range(L):
        col = h_config[l * N:(l + 1) * N]
        for i in range(N):
            out.append(model.activation(sum(W[i][j] * col[j] for j in range(N)) + b[i]))
    return tuple(out)


def all_layers(model):
    """Every (W, b) of one layer as nested tuples."""
    N = model.width
    for flat in itertools.product(model.W_values, repeat=N * N):
        W = [flat[i * N:(i + 1) * N] for i in range(N)]
        for b in itertools.product(model.b_values, repeat=N):
            yield W, b


def brute_force_decimation(model, weight, scale=None, one=None):
    """E'[h, s] by summing every intermediate h, W and b literally.

    ``weight(h, s)`` is the bond weight as a function of two configurations; ``one``
    is the unit of the arithmetic (default sympy's exact 1; e.g. ``mpmath.mpf(1)``).
    """
    one = sympy.Integer(1) if one is None else one
    p = model.scale if scale is None else scale
    layers = list(all_layers(model))
    out = {}
    for h in model.h_states:
        for s in model.sigma_states:
            total = one * 0
            for mids in itertools.product(model.h_states, repeat=p - 1):
                for wbs in itertools.product(layers, repeat=p - 1):
                    chain = [h] + list(mids)  # h, h_1, ..., h_{p-1}; sigma of layer k from mids
                    term = one
                    for k in range(p - 1):
                        sig = layer_output(model, wbs[k][0], wbs[k][1], mids[k])
                        term *= weight(chain[k], sig)
                    term *= weight(mids[-1], s)
                    total += term
            out[(h, s)] = total
    return out


def literal_counts(model):
    """``{(sigma, h): number of (W, b) with sigma(W h + b) = sigma}`` by enumeration."""
    counts = {}
    for W, b in all_layers(model):
        for h in model.h_states:
            s = layer_output(model, W, b, h)
            counts[(s, h)] = counts.get((s, h), 0) + 1
    return counts


def layered_decimation(model, weight, scale=None):
    """E'[h, s] as :func:`brute_force_decimation` gives it, one layer at a time.

    The literal sum over the intermediate h_1 .. h_{p-1} and the p - 1 layers (W, b)
    factors into p - 1 sums of one layer each (distributivity), with the per-layer
    counts enumerated by :func:`literal_counts` (no count matrix of the engine).  Costs
    (p - 1) |h|^2 |sigma| instead of (|h| |layers|)^(p-1) per entry.
    """
    p = model.scale if scale is None else scale
    counts = literal_counts(model)
    hs, ss = model.h_states, model.sigma_states
    # right[m] = sum over sigma of count(sigma, m) weight(prev, sigma) ... built from the end
    tail = {(m, s): weight(m, s) for m in hs for s in ss}        # weight(h_{p-1}, s)
    for _ in range(p - 1):
        # tail(h, s) <- sum_{m, sigma} weight(h, sigma) count(sigma, m) tail(m, s)
        tail = {(h, s): sympy.expand(sum(weight(h, sg) * n * tail[(m, s)]
                                         for (sg, m), n in counts.items()))
                for h in hs for s in ss}
    return tail
