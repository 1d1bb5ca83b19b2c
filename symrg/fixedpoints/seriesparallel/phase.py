"""Phase diagrams of a series-parallel map on a two-parameter slice: basins and critical values.

A slice is a plane in log-weight space: the orbit values are

    w_o(x, y) = exp(x a_o + y b_o),

with directions a, b built by :func:`dna_direction` (the bare DNA weight
u^(-|h - s|^q), u = e^(beta_v): a_o = -|h - s|^q summed over sites, Eq. 23) or
:func:`coupling_direction` (one coupling K_k of Eq. 26).  Every point of the slice is
flowed by the projective map w -> F(w) (:mod:`symrg.rg.seriesparallel`), normalised by its largest
entry at each step, and labelled by the attracting fixed point it reaches
(:func:`basins`, numpy float64 for a whole grid at once: a picture, not a proof).
:func:`critical_value` bisects the basin boundary along x in mpmath at the requested
digits, and :func:`eigenvector_check` cross-checks it: the flow from the critical value
passes close to the critical fixed point and leaves it along its relevant eigenvector.
"""

from dataclasses import dataclass

import mpmath

from ...rg.seriesparallel import WeightMap

__all__ = ["Slice", "dna_direction", "coupling_direction", "attractors", "basins",
           "classify", "critical_value", "eigenvector_check"]


@dataclass(frozen=True)
class Slice:
    """w_o = exp(x a_o + y b_o) for (x, y) in [x_range] x [y_range]."""

    a: tuple
    b: tuple
    x_label: str
    y_label: str
    x_range: tuple
    y_range: tuple


def dna_direction(F: WeightMap) -> tuple:
    """a_o = -sum_t |h_t - s_t|^q at the representative of orbit o (beta_v direction, Eq. 23)."""
    from ...lattice.weights import distance
    m = F.model
    return tuple(-distance(m, m.h_states[i], m.sigma_states[j]) for i, j in F.representatives)


def coupling_direction(F: WeightMap, name: str) -> tuple:
    """b_o = the monomial of coupling ``name`` at the representative of orbit o (Eq. 26)."""
    from ...rg.couplings import coupling_basis
    basis = coupling_basis(F.model)
    k = basis.names.index(name)
    V = basis.design_matrix
    return tuple(V[o, k + 1] for o in range(F.size))


def _normalise(w):
    top = max(abs(x) for x in w)
    return [x / top for x in w]


def attractors(F: WeightMap, record: dict) -> list:
    """Normalised (max entry 1) orbit values of the end points of the flow.

    Every real non-negative fixed point of ``record``
    (:func:`symrg.fixedpoints.seriesparallel.record.fixed_points_record`) except the critical ones (positive,
    not decoupled, with relevant directions).  A point unstable only in directions the
    slice never excites (fields on a symmetric slice, an invariant subspace) is an end
    point there, so stability is not required.
    """
    return [_normalise([mpmath.mpf(w) for w in point["weights"]])
            for point in record["points"]
            if point["kind"] in ("positive", "boundary") and "scaling" not in point]


def classify(F: WeightMap, w, sinks, *, steps: int, tolerance):
    """Index of the sink the flow from ``w`` reaches within ``steps`` steps, or -1."""
    w = _normalise(w)
    for _ in range(steps):
        for k, sink in enumerate(sinks):
            if max(abs(a - b) for a, b in zip(w, sink)) < tolerance:
                return k
        w = _normalise(F(w))
    return -1


def basins(F: WeightMap, plane: Slice, sinks, *, size: int = 200, steps: int = 200):
    """Label grid (size x size, rows = y) of the sink reached from each point (numpy, float64).

    The whole grid is iterated at once: E (Omega^T E)^(p-1) by einsum, the Hadamard
    power, then division by the largest entry.  Labels: sink index, -1 when none was
    reached within ``steps`` steps (tolerance 1e-6).
    """
    import numpy as np
    xs = np.linspace(*map(float, plane.x_range), size)
    ys = np.linspace(*map(float, plane.y_range), size)
    X, Y = np.meshgrid(xs, ys)
    a = np.array([float(v) for v in plane.a])
    b = np.array([float(v) for v in plane.b])
    logw = X[..., None] * a + Y[..., None] * b
    w = np.exp(logw - logw.max(axis=-1, keepdims=True)).reshape(-1, F.size)
    orbit = np.array(F.orbit_of)
    counts = np.array(F.counts, dtype=float)
    sinks_arr = np.array([[float(v) for v in s] for s in sinks]) if sinks else np.zeros((0, F.size))
    labels = np.full(w.shape[0], -1)
    for _ in range(steps):
        E = w[:, orbit]
        T = np.einsum("hs,phr->psr", counts, E)
        B = E
        for _ in range(F.scale - 1):
            B = np.einsum("phs,psr->phr", B, T)
        reps = np.array([B[:, i, j] for i, j in F.representatives]).T ** F.parallel
        top = np.abs(reps).max(axis=1, keepdims=True)
        w = np.divide(reps, top, out=np.full_like(reps, np.nan), where=top > 0)
    for k, s in enumerate(sinks_arr):
        labels[np.abs(w - s).max(axis=1) < 1e-6] = k
    return xs, ys, labels.reshape(size, size)


def _point(plane, x, y):
    return [mpmath.exp(x * mpmath.mpf(a) + y * mpmath.mpf(b)) for a, b in zip(plane.a, plane.b)]


def critical_value(F: WeightMap, plane: Slice, y, sinks, *, digits: int = 30,
                   bracket=None, steps=None):
    """x_c at fixed y where the sink reached changes, by bisection to ``digits`` digits.

    Raises
    ------
    ValueError
        When both ends of the bracket reach the same sink (no boundary inside).
    """
    steps = steps or 40 * digits
    with mpmath.workdps(digits + 15):
        lo, hi = (mpmath.mpf(v) for v in (bracket or plane.x_range))
        tol = mpmath.mpf(10) ** -6
        y = mpmath.mpf(y)
        k_lo = classify(F, _point(plane, lo, y), sinks, steps=steps, tolerance=tol)
        k_hi = classify(F, _point(plane, hi, y), sinks, steps=steps, tolerance=tol)
        if k_lo == k_hi:
            raise ValueError(f"no basin boundary between x = {lo} and {hi} at y = {y}")
        while hi - lo > mpmath.mpf(10) ** (-digits - 2) * max(1, abs(hi)):
            mid = (lo + hi) / 2
            k = classify(F, _point(plane, mid, y), sinks, steps=steps, tolerance=tol)
            if k == k_lo:
                lo = mid
            else:
                hi = mid
        return (lo + hi) / 2


def eigenvector_check(F: WeightMap, plane: Slice, x_c, y, critical, directions, *,
                      digits: int = 30):
    """(closest approach to ``critical``, best |cos| of the departure, index of that direction).

    ``critical`` are the fixed point's orbit values (first non-zero = 1), ``directions``
    its relevant eigenvectors in the chart coordinates (orbit values other than the
    first non-zero one; :func:`symrg.fixedpoints.seriesparallel.linear.relevant_eigenvectors`).  Flowing from
    (x_c, y) the trajectory approaches the critical point and leaves it along one of them.
    """
    with mpmath.workdps(digits + 15):
        chart = next(k for k, v in enumerate(critical) if v != 0)
        w = _point(plane, mpmath.mpf(x_c), mpmath.mpf(y))
        trail, best, at = [], None, 0
        for _ in range(40 * digits):
            w = [v / w[chart] for v in w]
            d = max(abs(a - b) for a, b in zip(w, critical))
            trail.append((d, w))
            if best is None or d < best:
                best, at = d, len(trail) - 1
            if best < mpmath.mpf(10) ** -6 and d > mpmath.mpf(10) ** -3:
                break
            w = F(w)
        later = next((t for d, t in trail[at:] if d > mpmath.mpf(10) ** -4), trail[-1][1])
        dev = [a - b for k, (a, b) in enumerate(zip(later, critical)) if k != chart]
        cosines = [abs(mpmath.fsum(a * b for a, b in zip(dev, v)))
                   / (mpmath.norm(dev) * mpmath.norm(v)) for v in directions]
        k = max(range(len(cosines)), key=lambda i: cosines[i])
        return best, cosines[k], k
