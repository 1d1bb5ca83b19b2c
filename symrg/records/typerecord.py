"""The derivation record of a wide model on types (issue 18): nothing of size 2^N.

For a model with one data point and two values on each side (:func:`symrg.rg.typeblocks.applies`)
past :data:`TYPE_ROUTE_COUPLINGS` couplings, :func:`symrg.records.derive.derive_record` writes
this record instead of the configuration one.  Its content follows what is read:

* ``types``: the sizes k = 0 .. N (a configuration's type is its number of neurons at the
  second value); ``type_counts`` the (N+1) x (N+1) matrix F[k][l] = Omega[h, s];
* ``pair_orbits``: the C(N+3, 3) orbits (k, l, t) of (h, s), whose weights w(k, l, t) are the
  symmetric couplings' weights (``coupling_count``: their number minus the constant);
* ``rg_map_blocks``: the RG map per isotypic block, ``E'_j = E_j (M_j E_j)^(p-1)`` with the
  count blocks M_j and ``E_j[k, l] = sum_t mu_j(k, l, t) w(k, l, t)``
  (:mod:`symrg.rg.typeblocks`), instead of the expanded partial sums (Eq. 24-27);
* ``fixed_points``: the classification per block (:mod:`symrg.fixedpoints.typeclassify`),
  each point as its type matrix with its spectrum by multiplicity; ``boundary`` says
  whether the boundary search ran and how many components of rank >= 2 it found
  (``count``, ``search_nodes``);
* ``width``: xi, <h> and G_h on types (:func:`symrg.records.width.width_record` at N), in
  place of the configuration transfer matrices of ``correlations``;
* ``decimation``: the renormalized DNA weights (Eq. 22) per pair of sizes, up to
  :data:`DECIMATION_CHARS` characters;
* ``skipped_sections``: what is not derived on types, each with its reason.
"""

import math

import sympy

from .. import __version__
from ..errors import ModelError, ModelTooLargeError, SymRGError
from ..fixedpoints.classify import cyclo_to_sympy
from ..fixedpoints.linearize import rg_exponent
from ..fixedpoints.typeclassify import boundary_on_types, type_fixed_points
from ..model.network import TYPE_ROUTE_COUPLINGS, Model, derives_on_types
from ..numerics import json_number
from ..rg.typeblocks import (renormalized_dna_on_types, type_blocks, type_counts,
                              type_pair_orbits)

__all__ = ["TYPE_ROUTE_COUPLINGS", "TYPE_WEIGHT_CHARS", "DECIMATION_CHARS", "type_route",
           "type_record", "decimation_on_types"]

def type_route(model: Model) -> bool:
    """True when ``model`` is derived on types
    (:func:`symrg.model.network.derives_on_types`: one data point, two values on each
    side, the chain, past :data:`TYPE_ROUTE_COUPLINGS` couplings)."""
    return derives_on_types(model.width, model.data, len(model.h_values),
                            len(model.sigma_values), model.parallel)


def _q(x):
    """An fmpq as a JSON number (int or ``"p/q"``)."""
    p, q = int(x.p), int(x.q)
    return p if q == 1 else f"{p}/{q}"


def _value(poly, n, digits):
    """A reduced element of Q(zeta_n) as a JSON number."""
    coeffs = poly.coeffs()
    if poly.degree() <= 0:
        return _q(coeffs[0]) if coeffs else 0
    return json_number(cyclo_to_sympy(n, poly), digits)


def _matrix(M):
    return [[_q(M[i, j]) for j in range(M.ncols())] for i in range(M.nrows())]


def core_on_types(model: Model, echo: dict) -> dict:
    """Model echo (``echo``, :func:`symrg.records.derive.model_json`), types, type counts,
    pair orbits and the RG map per block."""
    N = model.width
    F = type_counts(model)
    orbits = type_pair_orbits(N)
    blocks = type_blocks(model)
    p = model.scale
    return {
        "symrg_version": __version__,
        "model": echo,
        "route": "types",
        "types": {"h": [[N - k, k] for k in range(N + 1)],
                  "sigma": [[N - l, l] for l in range(N + 1)],
                  "meaning": "[neurons at the first value, neurons at the second value]"},
        "type_counts": [[_q(x) for x in row] for row in F],
        "pair_orbits": [list(o) for o in orbits],
        "coupling_count": {"symmetric": len(orbits) - 1,
                           "full": (len(model.h_values) * len(model.sigma_values)) ** N - 1},
        "rg_map_blocks": {
            "equation": f"E'_j = E_j (M_j E_j)^{p - 1} per isotypic block j (Eq. 27-28), "
                        f"E_j[k, l] = sum_t mu_j(k, l, t) w(k, l, t), "
                        f"mu_j(k, l, t) = sum_x (-1)^(j-x) C(j, x) C(k-j, t-x) "
                        f"C(N-j-k, l-j-t+x); w(k, l, t) = E[h, s] at |h| = k, |s| = l, "
                        f"|h n s| = t; the constant D is dropped",
            "blocks": [{"label": b.label, "j": b.j, "dimension": b.dimension,
                        "sizes": [b.sizes[0], b.sizes[-1]], "rank_counts": b.counts.rank(),
                        "counts": _matrix(b.counts)} for b in blocks]},
    }


#: Largest type matrix (characters of its entries) written per point; past it a random
#: family sample is written through its block factors X, Y, S (small integers), from which
#: the weights follow (their digits grow like N^2: binary N = 20 wrote 3.3 MB of them).
TYPE_WEIGHT_CHARS = 20_000


def _weights_entry(pt, n, digits):
    """``weights_by_type``, or the sample's block factors past :data:`TYPE_WEIGHT_CHARS`."""
    weights = [[_value(v, n, digits) for v in row] for row in pt.weights]
    chars = sum(len(str(x)) for row in weights for x in row)
    if chars <= TYPE_WEIGHT_CHARS or not pt.factors:
        return {"weights_by_type": weights}
    return {"weights_note": f"type weights omitted: {chars:,} characters (> "
                            f"{TYPE_WEIGHT_CHARS:,}); the sample is E_j = X (Y M_j X)^-1 S D "
                            f"S^-1 Y from sample_factors (D: the root pattern; every other "
                            f"block 0), checked exactly",
            "sample_factors": {label: {"X": _matrix(X), "Y": _matrix(Y), "S": _matrix(S)}
                               for label, (X, Y, S) in pt.factors}}


def _spectrum(spectrum, p, digits):
    return [{"eigenvalue": lam, "exponent": json_number(rg_exponent(lam, p), digits),
             "multiplicity": mult, "sector": label} for lam, mult, label in spectrum]


def _parametrisation(comp, sizes) -> str:
    parts = []
    for c in comp.choices:
        if c.rank:
            m, r = sizes[c.label], c.rank
            roots = ", ".join(f"zeta^{k} x{x}" for k, x in enumerate(c.multiplicities) if x)
            parts.append(f"E_{c.label} = X C Y with X ({m} x {r}), Y ({r} x {m}) of full "
                         f"rank, C = (Y M X)^-1 S diag({roots}) S^-1, S invertible")
    return "; ".join(parts) + "; every other block E_j = 0 (zeta = exp(2 pi i/(p-1)), kappa = 1)"


def fixed_points_on_types(model: Model, digits: int = 50) -> dict:
    """Record section ``fixed_points`` on types (:mod:`symrg.fixedpoints.typeclassify`)."""
    n = model.scale - 1
    ta = type_fixed_points(model)
    sizes = {b.label: b.size for b in ta.blocks}
    points = []
    for pt in ta.points:
        c = pt.component
        points.append({
            "kind": pt.kind, "rank": c.rank, "dimension": c.dimension,
            "multiplicities": list(c.multiplicities),
            "block_ranks": {x.label: x.rank for x in c.choices},
            "physical": pt.physical, "verified": pt.verified,
            "parametrisation": _parametrisation(c, sizes),
            **_weights_entry(pt, n, digits),
            **({"zero_type_pairs": [list(z) for z in pt.zero_pairs]} if pt.zero_pairs else {}),
            "spectrum": _spectrum(pt.spectrum, model.scale, digits)})
    boundary, notes, search = [], list(ta.notes), {}
    if model.scale != 2:
        notes.append(f"boundary fixed points not classified: the structure theorem is for "
                     f"p = 2, got p = {model.scale}")
        bdone = False
    else:
        try:
            res = boundary_on_types(model)
        except (ModelError, ModelTooLargeError) as exc:   # the search's node budget
            notes.append(f"boundary fixed points not classified on types: {exc}")
            bdone = False
        else:
            bdone = True
            search = {"count": len(res.points), "search_nodes": res.nodes}
            notes.extend(res.notes)
            for b in res.points:
                boundary.append({
                    "kind": "boundary", "rank": b.rank, "dimension": b.dimension,
                    "physical": True, "xi": "inf" if b.xi == sympy.oo else
                    json_number(b.xi, digits),
                    "classes": [{"h_sizes": list(R), "sigma_sizes": list(C)}
                                for R, C in b.classes],
                    "weights_by_type": [[json_number(x, digits) for x in row]
                                        for row in b.weights.tolist()],
                    "verified": b.verified})
    return {"digits": digits, "complete": ta.complete, "method": "exact (isotypic type blocks)",
            "notes": notes, "points": points + boundary,
            "boundary": {"complete": bdone, **search},
            "rejected": [{"candidate": {"rank": str(c.rank), "dimension": str(c.dimension)},
                          "reason": r} for c, r in ta.rejected],
            "chart": "weights_by_type[k][l] = E[h, s] at |h| = k, |s| = l (every fixed point "
                     "depends on the sizes only: M_j = 0 for j > 0); eigenvalues of dK'/dK "
                     "by multiplicity and isotypic sector"}


#: Largest renormalized DNA weights on types (characters of their coefficients) written;
#: binary heaviside: 11 000 at N = 6, 37 000 at N = 8, 221 000 at N = 12, 836 000 at N = 16.
DECIMATION_CHARS = 100_000


def decimation_on_types(model: Model):
    """Section ``decimation`` on types: the renormalized DNA weights (Eq. 22) as
    polynomials in 1/u per pair of sizes (:func:`symrg.rg.typeblocks.renormalized_dna_on_types`),
    or ``(None, reason)`` past :data:`DECIMATION_CHARS` or with non-integral |h - s|^q."""
    T = renormalized_dna_on_types(model)
    if T is None:
        return None, ("the DNA exponents |h - s|^q are not all integers; the renormalized "
                      "weights on types are written for integral exponents only")
    rows = [[[_q(c) for c in poly.coeffs()] for poly in row] for row in T]
    chars = sum(len(str(c)) for row in rows for poly in row for c in poly)
    if chars > DECIMATION_CHARS:
        return None, (f"the renormalized DNA weights on types have {chars:,} characters of "
                      f"coefficients (> {DECIMATION_CHARS:,}); the RG map is given per "
                      f"isotypic block instead")
    return {"renormalized_weights_by_type": rows,
            "meaning": "E'[h, sigma] at |h| = k, |sigma| = l (row k, column l) = sum_i c_i "
                       "u^(-i) with the coefficient list c (Eq. 22, u = e^beta_v); after one "
                       "step the weight depends on the sizes only (M_j = 0 for j > 0)"}, None


_SKIPPED = {
    "network": "Hamiltonians, interaction graphs and partition functions are written over "
               "configurations",
}


def type_record(model: Model, echo: dict, *, digits: int = 50,
                sections=("network", "fixed_points", "correlations"), progress=None) -> dict:
    """The derivation record on types (module docstring); ``echo`` is the model echo
    (:func:`symrg.records.derive.model_json`), ``sections`` as
    :func:`symrg.records.derive.derive_record` (``correlations`` become ``width``)."""
    progress = progress or (lambda label: None)
    progress("type counts, isotypic blocks and the RG map per block")
    record = core_on_types(model, echo)
    record["digits"] = digits
    skipped = []
    progress("renormalized DNA weights on types (Eq. 22)")
    section, reason = decimation_on_types(model)
    if section is None:
        skipped.append({"section": "decimation", "reason": reason})
    else:
        record["decimation"] = section
    failed = []
    for name in sections:
        try:
            if name == "fixed_points":
                progress("fixed points per isotypic block (types)")
                record["fixed_points"] = fixed_points_on_types(model, digits)
            elif name == "correlations":
                from .width import width_record
                progress("correlations on types (width analysis at N)")
                record["width"] = width_record(model, [model.width], digits=digits)
            else:
                skipped.append({"section": name, "reason": _SKIPPED[name]})
        except SymRGError as exc:                   # sections fail alone (issue 17)
            failed.append({"section": name, "reason": " ".join(str(exc).split())})
    record["skipped_sections"] = skipped
    if failed:
        record["failed_sections"] = failed
    return record
