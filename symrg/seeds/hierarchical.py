"""The Ising and q-state Potts chains on series-parallel (diamond, Migdal-Kadanoff) lattices.

Beside the Gong-Xia chain of :mod:`symrg.seeds.ising`: one RG step replaces a bond by m
parallel branches of p bonds in series.  With the bond weight E = exp(K delta_{x x'})
of q-state Potts (q = 2 is Ising with coupling K/2) and nothing summed but the spins
(Omega = 1), the step is E' = (E^p)^(o m) (:mod:`symrg.rg.seriesparallel`), and in couplings

    Ising (E = exp(K x x'), x = +-1):   K' = m artanh(tanh^p K),
    Potts:  t = (e^K - 1) / (e^K + q - 1),   t_series = t^p,   K' = m K_series,

the transmissivity recursion.  At p = m = 2 the Ising diamond lattice has
K_c = 0.6094... and y_t = ln(dK'/dK at K_c) / ln 2 = 0.7472...  These weight maps are
solved exactly by :func:`symrg.fixedpoints.seriesparallel.solve.all_fixed_points` like any model.
"""

import mpmath

from ..errors import ModelError
from ..rg.seriesparallel import WeightMap

__all__ = ["potts_weight_map", "ising_weight_map", "ising_parallel_recursion",
           "potts_transmissivity_recursion", "ising_coupling", "potts_coupling"]


def _check(p, m, q=2):
    for name, v, low in (("scale", p, 1), ("parallel", m, 1), ("q", q, 2)):
        if isinstance(v, bool) or not isinstance(v, int) or v < low:
            raise ModelError(f"{name}: expected an integer >= {low}, got {v!r}")


def potts_weight_map(q: int, scale: int = 2, parallel: int = 2) -> WeightMap:
    """The weight map of the q-state Potts chain: orbit 0 = equal spins, orbit 1 = different.

    Orbit values (w_0 : w_1) = (e^K : 1).

    Examples
    --------
    >>> potts_weight_map(3, 2, 2)([1, 1])
    [9, 9]
    """
    _check(scale, parallel, q)
    orbit_of = tuple(tuple(0 if a == b else 1 for b in range(q)) for a in range(q))
    identity = tuple(tuple(int(a == b) for b in range(q)) for a in range(q))
    return WeightMap(None, orbit_of, ((0, 0), (0, 1)), identity, scale, parallel)


def ising_weight_map(scale: int = 2, parallel: int = 2) -> WeightMap:
    """The Ising chain E = exp(K x x'), x = +-1: orbit values (e^K : e^-K) (q = 2 Potts)."""
    return potts_weight_map(2, scale, parallel)


def ising_coupling(weights):
    """K = (1/2) ln(w_0 / w_1) of Ising orbit values (mpmath)."""
    return mpmath.log(weights[0] / weights[1]) / 2


def potts_coupling(weights):
    """K = ln(w_0 / w_1) of Potts orbit values (mpmath)."""
    return mpmath.log(weights[0] / weights[1])


def ising_parallel_recursion(coupling, scale: int = 2, parallel: int = 2):
    """K' = m artanh(tanh^p K) (mpmath, current precision).

    Examples
    --------
    >>> mpmath.nstr(ising_parallel_recursion(mpmath.mpf(1), 2, 1), 10)
    '0.6625013737'
    """
    return parallel * mpmath.atanh(mpmath.tanh(coupling) ** scale)


def potts_transmissivity_recursion(coupling, q: int, scale: int = 2, parallel: int = 2):
    """K' = m K_series with t = (e^K - 1)/(e^K + q - 1) and t_series = t^p (mpmath).

    Inverting t: e^K = (1 + (q - 1) t) / (1 - t).
    """
    t = (mpmath.exp(coupling) - 1) / (mpmath.exp(coupling) + q - 1)
    ts = t ** scale
    return parallel * mpmath.log((1 + (q - 1) * ts) / (1 - ts))
