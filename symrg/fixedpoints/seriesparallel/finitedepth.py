"""Finite-depth signatures: free energy per bond and its second derivative through the recursion.

A series-parallel network of n levels has depth p^n and (p m)^n bonds.  Writing the
weights of level k as e^(g_k) W_k with max |W_k| = 1, homogeneity of the step
(degree p m) gives

    F(W_k) = c_k W_(k+1),    g_(k+1) = p m g_k + ln c_k,

and with free end layers Z_n = e^(g_n) sum_(h, sigma) W_n[h, sigma], so the free energy
per bond is f_n = (g_n + ln sum W_n) / (p m)^n.  The response d^2 f_n / dx^2 along a
slice direction (beta_v or a coupling, :mod:`symrg.fixedpoints.seriesparallel.phase`) is a central difference
of this exact recursion at the working precision.  At a critical point its singular
part scales as L^(alpha/nu) with L = p^n and alpha/nu = 2 y_t - d_eff, so successive
differences of the response shrink by lambda_t^2 / (p m) per level.
"""

import mpmath

from ...rg.seriesparallel import WeightMap

__all__ = ["free_energy_per_bond", "response"]


def free_energy_per_bond(F: WeightMap, weights, levels: int):
    """[f_1, ..., f_levels] for the bare orbit values ``weights`` (mpmath, current precision)."""
    top = max(abs(w) for w in weights)
    W, g = [w / top for w in weights], mpmath.log(top)
    bonds = F.scale * F.parallel
    mult = [0] * F.size
    for row in F.orbit_of:
        for o in row:
            mult[o] += 1
    out = []
    for n in range(1, levels + 1):
        image = F(W)
        c = max(abs(x) for x in image)
        W, g = [x / c for x in image], bonds * g + mpmath.log(c)
        total = mpmath.fsum(k * w for k, w in zip(mult, W))
        out.append((g + mpmath.log(total)) / mpmath.mpf(bonds) ** n)
    return out


def response(F: WeightMap, point, levels: int, *, digits: int = 40):
    """[d^2 f_n / dx^2 for n = 1..levels] at x = 0 of ``point(x)`` (orbit values), by a
    central difference with step 10^(-digits/4) at ``digits`` significant digits."""
    with mpmath.workdps(digits):
        h = mpmath.mpf(10) ** (-(digits // 4))
        plus = free_energy_per_bond(F, point(h), levels)
        zero = free_energy_per_bond(F, point(0), levels)
        minus = free_energy_per_bond(F, point(-h), levels)
        return [(a - 2 * b + c) / h ** 2 for a, b, c in zip(plus, zero, minus)]
