"""Which small networks are critical: a scan of series-parallel DNA networks (issue 21).

Models: N = L = 1, W in {-1, 1}, h in {0, 1} or {-1, 1}, b in {-1, 1} or {-1, 0, 1},
every activation table from the reachable pre-activations onto h's values that uses
both values, p = 2 and m = 2, 3.  With N = L = 1 every pair orbit is one entry of the
2 x 2 bond weight, so the map depends on the model only through the count matrix
Omega: models are grouped by Omega and each distinct Omega is solved once, exactly
(:func:`symrg.fixedpoints.seriesparallel.record.fixed_points_record`).

A proven necessary condition is recorded beside each result: if rank Omega = 1 then
E Omega^T E = (E u)(v^T E) has rank one, so does its Hadamard power, and every fixed
point is decoupled or on the boundary: no critical point.

Run:  python -m symrg.fixedpoints.seriesparallel.scan OUT.json   (a few minutes; the committed output is
derivations/data/series_parallel_scan.json).
"""

import itertools
import json
import sys

import sympy

from ...lattice.counting import count_matrix
from ...errors import SymRGError
from ...model.network import Model, reachable_preactivations
from .record import fixed_points_record
from ...rg.seriesparallel import weight_map

__all__ = ["scan_models", "scan", "H_SETS", "B_SETS", "PARALLEL"]

H_SETS = ([0, 1], [-1, 1])
B_SETS = ([-1, 1], [-1, 0, 1])
PARALLEL = (2, 3)


def scan_models():
    """Every model of the scan (m = 1; the caller sets m), in a fixed order."""
    for h in H_SETS:
        for b in B_SETS:
            pre = sorted(reachable_preactivations((-1, 1), tuple(map(sympy.Integer, b)),
                                                  tuple(map(sympy.Integer, h)), 1))
            for outputs in itertools.product(h, repeat=len(pre)):
                if len(set(outputs)) < 2:
                    continue
                table = {str(x): y for x, y in zip(pre, outputs)}
                yield {"name": f"h={h} b={b} table={outputs}", "scale": 2,
                       "values": {"W": [-1, 1], "b": b, "h": h},
                       "activation": {"table": table}}


def _omega_key(spec):
    model = Model.from_dict(spec)
    omega = count_matrix(model)
    return tuple(tuple(int(x) for x in omega.row(i)) for i in range(omega.rows))


def _positive_summary(record):
    return [{k: p[k] for k in ("weights", "couplings", "eigenvalues", "exponents",
                               "directions", "decoupled") if k in p}
            | ({"scaling": p["scaling"]} if "scaling" in p else {})
            for p in record["points"] if p["kind"] == "positive"]


def scan(digits: int = 30) -> dict:
    """Group the models by Omega, solve each (Omega, m) exactly, return a JSON-ready dict."""
    groups = {}
    for spec in scan_models():
        groups.setdefault((tuple(spec["values"]["h"]), _omega_key(spec)), []).append(spec)
    rows = []
    for (h, omega), specs in sorted(groups.items()):
        rank = sympy.Matrix(omega).rank()
        for m in PARALLEL:
            model = Model.from_dict({**specs[0], "architecture": {"parallel": m}})
            try:
                record = fixed_points_record(weight_map(model), digits)
            except SymRGError as exc:
                rows.append({"h": list(h), "omega": [list(r) for r in omega], "parallel": m,
                             "rank_omega": rank, "models": [s["name"] for s in specs],
                             "error": str(exc)})
                continue
            positive = _positive_summary(record)
            rows.append({"h": list(h), "omega": [list(r) for r in omega], "rank_omega": rank,
                         "parallel": m, "models": [s["name"] for s in specs],
                         "complete": record["complete"], "counts": record["counts"],
                         "critical": sum("scaling" in p for p in positive),
                         "positive": positive})
    return {"scale": 2, "parallel": list(PARALLEL), "digits": digits,
            "models": sum(len(v) for v in groups.values()), "distinct_omega": len(groups),
            "rows": rows}


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    out = scan()
    text = json.dumps(out, indent=1, sort_keys=True) + "\n"
    if argv:
        with open(argv[0], "w") as f:
            f.write(text)
    crit = [r for r in out["rows"] if r.get("critical")]
    print(f"{out['models']} models, {out['distinct_omega']} distinct Omega, "
          f"{len(out['rows'])} (Omega, m) solved; {len(crit)} with a critical point")


if __name__ == "__main__":
    main()
