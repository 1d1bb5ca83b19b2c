"""Symmetry sectors of the linearised series-parallel map: thermal and magnetic directions.

A pair of permutations (pi of h-configurations, rho of sigma-configurations) with
Omega[pi h, rho s] = Omega[h, s] commutes with the step E -> (E (Omega^T E)^(p-1))^(o m).
When it also fixes a fixed point w (w[pi h, rho s] = w[h, s]) it acts on the tangent
space of the projective chart, delta -> P delta - (P delta)_i w (i the chart index),
an involution if (pi, rho) is, and every simple eigenvector is even or odd.  An
even relevant direction is thermal (y_t), an odd one magnetic (y_h), as in the Ising
diamond lattice where the symmetry is the global flip.  With y_t, y_h and
d_eff = ln(m p)/ln p the hyperscaling laws give

    nu = 1/y_t, alpha = 2 - d nu, beta = (d - y_h)/y_t, gamma = (2 y_h - d)/y_t,
    delta = y_h / (d - y_h), eta = 2 + d - 2 y_h.
"""

import itertools

import mpmath

from ...rg.seriesparallel import WeightMap

__all__ = ["involutions", "parity", "hyperscaling"]


def involutions(F: WeightMap, weights, tolerance):
    """Non-trivial involutions (pi, rho) that preserve Omega and the fixed point ``weights``
    (as orbit permutations: ``P[o]`` is the orbit of (pi h, rho s) for o = orbit(h, s))."""
    n_h, n_s = len(F.orbit_of), len(F.orbit_of[0])
    if n_h > 6 or n_s > 6:
        return []
    out = []
    for pi in itertools.permutations(range(n_h)):
        if any(pi[pi[a]] != a for a in range(n_h)):
            continue
        for rho in itertools.permutations(range(n_s)):
            if any(rho[rho[a]] != a for a in range(n_s)):
                continue
            if all(pi[a] == a for a in range(n_h)) and all(rho[b] == b for b in range(n_s)):
                continue
            if any(F.counts[pi[a]][rho[b]] != F.counts[a][b]
                   for a in range(n_h) for b in range(n_s)):
                continue
            P = _orbit_permutation(F, pi, rho)
            if P is None or any(abs(weights[P[o]] - weights[o]) > tolerance
                                for o in range(F.size)):
                continue
            out.append(P)
    return out


def _orbit_permutation(F, pi, rho):
    P = {}
    for a, row in enumerate(F.orbit_of):
        for b, o in enumerate(row):
            target = F.orbit_of[pi[a]][rho[b]]
            if P.setdefault(o, target) != target:
                return None
    return [P[o] for o in range(F.size)]


def parity(P, weights, chart, vector, tolerance):
    """+1 (even), -1 (odd) or 0 (neither) of a chart eigenvector under orbit permutation P."""
    full = list(vector[:chart]) + [mpmath.mpf(0)] + list(vector[chart:])
    moved = [full[P[o]] for o in range(len(full))]
    moved = [x - moved[chart] * w for x, w in zip(moved, weights)]
    image = moved[:chart] + moved[chart + 1:]
    for sign in (1, -1):
        if max(abs(a - sign * b) for a, b in zip(image, vector)) < tolerance:
            return sign
    return 0


def hyperscaling(y_t, y_h, d):
    """The exponents of the module docstring from y_t, y_h and d = d_eff (mpmath)."""
    out = {"nu": 1 / y_t, "alpha": 2 - d / y_t}
    if y_h is not None:
        out.update({"beta": (d - y_h) / y_t, "gamma": (2 * y_h - d) / y_t,
                    "delta": y_h / (d - y_h), "eta": 2 + d - 2 * y_h})
    return out
