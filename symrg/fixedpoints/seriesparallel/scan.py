"""Which small networks are critical: a scan of series-parallel DNA networks (issue 21).

Models: N = L = 1, W in {-1, 1}, h two-valued ({0, 1}, {-1, 1}) or three-valued
({-1, 0, 1}), b in {-1, 1} or {-1, 0, 1}, every activation table from the reachable
pre-activations onto h's values that is not constant, p = 2 and m = 2, ..., 8.  With
N = L = 1 every pair orbit is one entry of the bond weight, so the map depends on the
model only through h and the count matrix Omega: models are grouped by (h, Omega) and
each group is solved once per m.

Methods.  Two-valued h at m = 2, 3: every fixed point, exactly, with a proof of
completeness (:func:`symrg.fixedpoints.seriesparallel.record.fixed_points_record`,
msolve), and the certified search below is run as well and must find the same
positive points (``search_agrees``).  Everything else (m >= 4, where msolve takes
22 s at m = 4 and > 300 s at m = 6 per model; three-valued h, 9 orbit values): the
positive fixed points by many-start Newton, each certified by the Krawczyk test
(:func:`symrg.fixedpoints.seriesparallel.record.positive_search_record`), recorded
with ``complete: false``.  A per-model time limit (``TIME_LIMIT`` s) records a
timeout as such.

A proven necessary condition is recorded beside each result: if rank Omega = 1 then
E Omega^T E = (E u)(v^T E) has rank one, so does its Hadamard power, and every fixed
point is decoupled or on the boundary: no critical point.

Run:  python -m symrg.fixedpoints.seriesparallel.scan OUT.json [--budget S] [--resume P.json]

(at most ``BUDGET`` s, then the groups not reached are recorded as skipped; OUT.json.partial
holds the rows so far and can be resumed; the committed output is
derivations/data/series_parallel_scan.json).
"""

import itertools
import json
import signal
import sys
import time

import sympy

from ...lattice.counting import count_matrix
from ...errors import SymRGError
from ...model.network import Model, reachable_preactivations
from .record import fixed_points_record, positive_search_record
from ...rg.seriesparallel import weight_map

__all__ = ["scan_models", "scan", "solve_group", "H_SETS", "B_SETS", "PARALLEL",
           "EXACT_PARALLEL", "TIME_LIMIT", "BUDGET"]

H_SETS = ([0, 1], [-1, 1], [-1, 0, 1])
B_SETS = ([-1, 1], [-1, 0, 1])
PARALLEL = (2, 3, 4, 5, 6, 7, 8)
#: m solved by exact elimination (two-valued h only).
EXACT_PARALLEL = (2, 3)
#: Seconds per (h, Omega, m) before the row is recorded as a timeout.
TIME_LIMIT = 60
#: Seconds for the whole scan; groups not reached by then are recorded as skipped.
BUDGET = 900


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout


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


def _positive_set(record):
    return sorted(tuple(w[:12] for w in p["weights"]) for p in record["points"]
                  if p["kind"] == "positive")


def solve_group(spec, m, digits):
    """The row fields of one (h, Omega, m): exact record for two-valued h and m in
    :data:`EXACT_PARALLEL` (with the search as a cross-check), else the search."""
    F = weight_map(Model.from_dict({**spec, "architecture": {"parallel": m}}))
    search = positive_search_record(F, digits)
    if len(spec["values"]["h"]) == 2 and m in EXACT_PARALLEL:
        record = fixed_points_record(F, digits)
        out = {"method": "exact", "counts": record["counts"],
               "search_agrees": _positive_set(record) == _positive_set(search)}
    else:
        record = search
        out = {"method": "search", "completeness": record["completeness"]}
    positive = _positive_summary(record)
    return out | {"complete": record["complete"], "positive": positive,
                  "critical": sum("scaling" in p for p in positive)}


def _timed(spec, m, digits, limit):
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(limit)
    try:
        return solve_group(spec, m, digits)
    except _Timeout:
        return {"timeout": limit, "complete": False, "positive": [], "critical": 0}
    except (SymRGError, ArithmeticError, RuntimeError, ValueError) as exc:
        return {"error": str(exc), "complete": False, "positive": [], "critical": 0}
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def scan(digits: int = 30, parallel=PARALLEL, limit: int = TIME_LIMIT, partial=None,
         budget: float = BUDGET, resume=None) -> dict:
    """Group the models by (h, Omega), solve each group for every m, return a JSON-ready dict.

    ``partial(out)``, if given, is called after every group with the rows so far.  Once
    ``budget`` seconds have passed, the remaining groups are recorded as skipped (with
    the reason).  ``resume``: an earlier run's (partial) output; its rows are reused and the groups it
    did not reach are recorded as skipped.
    """
    groups = {}
    for spec in scan_models():
        groups.setdefault((tuple(spec["values"]["h"]), _omega_key(spec)), []).append(spec)
    done = {(tuple(r["h"]), str(r["omega"]), r["parallel"]): r
            for r in (resume or {}).get("rows", []) if "skipped" not in r}
    budget = (resume or {}).get("budget", budget)     # a resumed run keeps its budget
    rows, deadline = [], time.monotonic() + (0 if resume else budget)
    out = {"scale": 2, "parallel": list(parallel), "digits": digits,
           "exact_parallel": list(EXACT_PARALLEL), "time_limit": limit, "budget": budget,
           "models": sum(len(v) for v in groups.values()), "distinct_omega": len(groups),
           "rows": rows}
    for (h, omega), specs in sorted(groups.items(), key=lambda g: (len(g[0][0]), g[0])):
        rank = sympy.Matrix(omega).rank()
        for m in parallel:
            key = (h, str([list(r) for r in omega]), m)
            if key in done:
                rows.append(done[key])
                continue
            head = {"h": list(h), "omega": [list(r) for r in omega], "rank_omega": rank,
                    "parallel": m, "models": [s["name"] for s in specs]}
            if time.monotonic() > deadline:
                rows.append(head | {"skipped": "not reached within the scan budget",
                                    "complete": False, "positive": [], "critical": 0})
                continue
            rows.append(head | _timed(specs[0], m, digits, limit))
        if partial is not None:
            partial(out)
    return out


def _write(path, out):
    with open(path, "w") as f:
        f.write(json.dumps(out, indent=1, sort_keys=True) + "\n")


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    resume = None
    if "--resume" in argv:
        k = argv.index("--resume")
        with open(argv[k + 1]) as f:
            resume = json.load(f)
        argv = argv[:k] + argv[k + 2:]
    budget = BUDGET
    if "--budget" in argv:
        k = argv.index("--budget")
        budget = float(argv[k + 1])
        argv = argv[:k] + argv[k + 2:]
    out = scan(partial=(lambda o: _write(argv[0] + ".partial", o)) if argv else None,
               budget=budget, resume=resume)
    if argv:
        _write(argv[0], out)
    crit = [r for r in out["rows"] if r.get("critical")]
    print(f"{out['models']} models, {out['distinct_omega']} distinct Omega, "
          f"{len(out['rows'])} (Omega, m) solved; {len(crit)} with a critical point")


if __name__ == "__main__":
    main()
