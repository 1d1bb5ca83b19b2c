"""JSON-ready record of the fixed points of a series-parallel map (kinds, exponents, proof).

One entry per fixed point: its kind, chart, orbit values w (first non-zero = 1; exact
rationals when the point is rational), kappa, the certified residual of F(w) = kappa w,
the couplings K (positive points of a model), the eigenvalues and RG exponents of the
linearised map (:mod:`symrg.fixedpoints.seriesparallel.linear`), the numbers of relevant / marginal /
irrelevant directions and, at a positive point that is not decoupled (E of rank > 1)
with a real y_t > 0, nu, d_eff and alpha: a critical point.  At a decoupled point
(E rank one, K = 0 up to fields) the field directions have lambda = m trivially
(the Hadamard power multiplies the fields of the rank-one family) and no exponents
are derived.
"""

import flint
import mpmath

from .balls import ball_text, digits_certified, to_mpmath
from .linear import linearize, scaling_exponents
from .solve import KINDS, all_fixed_points
from ...rg.seriesparallel import WeightMap

__all__ = ["fixed_points_record", "positive_search_record", "point_couplings", "METHOD",
           "SEARCH_METHOD"]

METHOD = ("exact elimination per chart (msolve rational parametrisation over Q) + "
          "certified root isolation (arb); Jacobian and eigenvalues in ball arithmetic")

SEARCH_METHOD = ("positive fixed points only: many-start Newton in log coordinates (numpy "
                 "search), each point certified unique in a box by the Krawczyk test (arb); "
                 "Jacobian and eigenvalues in ball arithmetic")


def point_couplings(F: WeightMap, weights):
    """Couplings K_k = sum_o V^{-1}[k+1, o] ln w_o of a positive point of a model (mpmath)."""
    from ...rg.couplings import coupling_basis
    basis = coupling_basis(F.model)
    inv = basis.inverse_design
    logs = [mpmath.log(to_mpmath(w)) for w in weights]
    return {name: mpmath.fsum(mpmath.mpf(int(inv[k + 1, o].p)) / int(inv[k + 1, o].q) * logs[o]
                              for o in range(len(logs)) if inv[k + 1, o])
            for k, name in enumerate(basis.names)}


def _lin_entry(F, point, digits):
    lin = linearize(F, list(point.weights), point.chart)
    ok = all(digits_certified(l, digits) for l in lin.eigenvalues)
    tol = mpmath.mpf(10) ** (-digits // 2)
    counts = {"relevant": 0, "marginal": 0, "irrelevant": 0}
    for lam in lin.eigenvalues:
        size = abs(to_mpmath(lam))
        key = ("marginal" if abs(size - 1) < tol else "relevant" if size > 1 else "irrelevant")
        counts[key] += 1
    entry = {"eigenvalues": [ball_text(l, digits) for l in lin.eigenvalues],
             "eigenvalues_real": list(lin.real),
             "exponents": [None if y is None else ball_text(y, digits) for y in lin.exponents],
             "directions": counts}
    critical = point.kind == "positive" and not _rank_one(F, point.weights)
    scaling = scaling_exponents(lin, F.scale, F.parallel) if critical else {}
    if scaling:
        entry["scaling"] = {
            "d_eff": ball_text(scaling["d_eff"], digits), "codimension": scaling["codimension"],
            "relevant": [{k: ball_text(v, digits) for k, v in r.items()}
                         for r in scaling["relevant"]]}
        sectors = _sectors(F, point, scaling, digits)
        if sectors:
            entry["scaling"]["symmetry"] = sectors
    return entry, (ok, lin.certified)


def _point_entry(F, point, digits):
    kappa = point.kappa
    image = F(list(point.weights))
    residual = max((abs(a - kappa * w).mid() + abs(a - kappa * w).rad()
                    for a, w in zip(image, point.weights)), default=flint.arb(0))
    entry = {"kind": point.kind, "chart": point.chart,
             "weights": [ball_text(w, digits) for w in point.weights],
             "zero_orbits": list(point.zeros), "degree": point.degree,
             "kappa": ball_text(kappa, digits),
             "residual_bound": mpmath.nstr(to_mpmath(flint.arb(residual)), 3)}
    if point.kind == "positive" and F.model is not None:
        with mpmath.workdps(digits + 10):
            entry["couplings"] = {k: _decimal(v, digits)
                                  for k, v in point_couplings(F, point.weights).items()}
    entry["decoupled"] = _rank_one(F, point.weights)
    return entry


def _sectors(F, point, scaling, digits):
    """Thermal/magnetic split of the relevant directions by an involution fixing the point
    (:mod:`symrg.fixedpoints.seriesparallel.symmetry`), with the hyperscaling exponents when y_t is unique."""
    from .linear import relevant_eigenvectors
    from .symmetry import hyperscaling, involutions, parity
    with mpmath.workdps(digits + 10):
        w = [to_mpmath(x) for x in point.weights]
        tol = mpmath.mpf(10) ** (-(digits // 2))
        try:
            vectors = relevant_eigenvectors(F, list(point.weights), point.chart, digits)
        except RuntimeError:             # mpmath's QR did not converge: no sector split
            return None
        for P in involutions(F, w, tol):
            signs = [parity(P, w, point.chart, v, tol) for _, v in vectors]
            if 0 in signs:
                continue
            logp = mpmath.log(F.scale)
            even = [mpmath.log(lam) / logp for (lam, _), s in zip(vectors, signs) if s > 0]
            odd = [mpmath.log(lam) / logp for (lam, _), s in zip(vectors, signs) if s < 0]
            out = {"involution": P, "thermal": [mpmath.nstr(y, digits) for y in even],
                   "magnetic": [mpmath.nstr(y, digits) for y in odd]}
            if len(even) == 1:
                d = to_mpmath(scaling["d_eff"])
                laws = hyperscaling(even[0], max(odd) if odd else None, d)
                out["exponents"] = {k: mpmath.nstr(v, digits) for k, v in laws.items()}
            return out
    return None


def _decimal(v, digits):
    return "0" if abs(v) < mpmath.mpf(10) ** (-digits) else mpmath.nstr(v, digits)


def _rank_one(F, weights) -> bool:
    """E is rank one (every 2 x 2 minor's ball contains 0): a decoupled point."""
    E = F.matrix(list(weights))
    rows, cols = len(E), len(E[0])
    return all((E[a][c] * E[b][d] - E[a][d] * E[b][c]).contains(0)
               for a in range(rows) for b in range(a + 1, rows)
               for c in range(cols) for d in range(c + 1, cols))


def fixed_points_record(F: WeightMap, digits: int = 50) -> dict:
    """Every fixed point of ``F`` with its linearisation, as a JSON-ready dict.

    The weights are found with ``digits + extra`` certified digits, extra = 20, 80,
    320, ... until every eigenvalue ball is narrower than 10^-digits (multiple
    eigenvalues excepted: arb encloses their cluster).  ``eigenvalues_certified`` is
    False when arb could not enclose the eigenvalues of some Jacobian and mpmath's QR
    on the midpoints was used instead.
    """
    extra = 20
    while True:
        found = all_fixed_points(F, digits + extra)
        old = flint.ctx.prec
        flint.ctx.prec = int((digits + extra) * 3.33) + 64
        try:
            entries, narrow, enclosed = [], True, True
            for point in found.points:
                entry = _point_entry(F, point, digits)
                lin, (ok, by_arb) = _lin_entry(F, point, digits)
                entry.update(lin)
                entries.append(entry)
                narrow, enclosed = narrow and ok, enclosed and by_arb
        finally:
            flint.ctx.prec = old
        certified = narrow and enclosed
        if narrow or extra > 1000:       # more digits cannot help arb's failed enclosures
            break
        extra *= 4
    return {"method": METHOD, "complete": found.complete, "completeness": found.reason,
            "charts": [{"dimension": d, "solutions": n} for d, n in found.charts],
            "scale": F.scale, "parallel": F.parallel,
            "counts": {k: len(found.of_kind(k)) for k in KINDS},
            "eigenvalues_certified": certified,
            "points": entries}


def positive_search_record(F: WeightMap, digits: int = 50) -> dict:
    """The certified positive fixed points found by search
    (:func:`symrg.fixedpoints.seriesparallel.certified.positive_fixed_points`), recorded
    like :func:`fixed_points_record`; ``complete`` is False."""
    from .certified import positive_fixed_points
    found = positive_fixed_points(F, digits + 20)
    old = flint.ctx.prec
    flint.ctx.prec = int((digits + 20) * 3.33) + 64
    try:
        entries, certified = [], True
        for point in found.points:
            entry = _point_entry(F, point, digits)
            lin, (ok, by_arb) = _lin_entry(F, point, digits)
            entry.update(lin)
            entries.append(entry)
            certified = certified and ok and by_arb
    finally:
        flint.ctx.prec = old
    return {"method": SEARCH_METHOD, "complete": False, "completeness": found.reason,
            "scale": F.scale, "parallel": F.parallel,
            "counts": {"positive": len(found.points)},
            "eigenvalues_certified": certified, "points": entries}
