"""Series-parallel networks (issue 21): the first exact critical points of DNA networks.

Run:  python derivations/series_parallel.py [--figures DIR]

One RG step of m parallel branches of p bonds is E' = (E (Omega^T E)^(p-1))^(o m).
This script derives, with every fixed point found by exact elimination (complete lists)
where msolve reaches, and certified positive points (Krawczyk) elsewhere:

1. the Ising diamond lattice (p = m = 2): K_c and y_t against the closed form
   K = m artanh(tanh^p K), solved here independently;
2. the 3-state Potts analogue, against the transmissivity recursion;
3. the DNA networks of the committed scan (derivations/data/series_parallel_scan.json)
   with a positive critical point, re-deriving one of them.

With --figures DIR it also writes phase diagrams (basins on the (beta_v, A) slice, the
critical value by bisection) through symrg.plots.
"""

import json
import pathlib
import sys

import mpmath

from symrg.model.network import Model
from symrg.seeds.hierarchical import ising_weight_map, potts_weight_map
from symrg.fixedpoints.seriesparallel.record import fixed_points_record
from symrg.rg.seriesparallel import weight_map

HERE = pathlib.Path(__file__).parent
DIGITS = 50


def critical(record):
    return [p for p in record["points"] if "scaling" in p]


def table(rows, head):
    widths = [max(len(str(r[k])) for r in rows + [dict(zip(head, head))]) for k in head]
    print("  " + "  ".join(h.ljust(w) for h, w in zip(head, widths)))
    for r in rows:
        print("  " + "  ".join(str(r[k]).ljust(w) for k, w in zip(head, widths)))


# 1. Ising diamond --------------------------------------------------------------------
print("1. Ising on the diamond lattice, E = exp(K x x'), x = +-1 (Omega = 1)")
rows = []
for p, m in [(2, 2), (2, 3), (3, 2)]:
    record = fixed_points_record(ising_weight_map(p, m), DIGITS)
    assert record["complete"]
    point = next(c for c in critical(record)
                 if mpmath.mpf(c["weights"][1]) < mpmath.mpf(c["weights"][0]))
    with mpmath.workdps(DIGITS + 10):
        Kc = mpmath.findroot(lambda K: K - m * mpmath.atanh(mpmath.tanh(K) ** p), 0.7)
        t = mpmath.tanh(Kc)
        yt = mpmath.log(m * p * t ** (p - 1) * (1 - t * t) / (1 - t ** (2 * p))) / mpmath.log(p)
        K = mpmath.log(mpmath.mpf(point["weights"][0]) / mpmath.mpf(point["weights"][1])) / 2
        assert abs(K - Kc) < mpmath.mpf(10) ** (2 - DIGITS)
        assert abs(mpmath.mpf(point["exponents"][0]) - yt) < mpmath.mpf(10) ** (2 - DIGITS)
    sc = point["scaling"]["relevant"][0]
    rows.append({"p": p, "m": m, "K_c": mpmath.nstr(K, 15), "y_t": sc["y"][:15],
                 "nu": sc["nu"][:15], "d_eff": point["scaling"]["d_eff"][:8],
                 "alpha": sc["alpha"][:15], "points": sum(record["counts"].values())})
table(rows, ["p", "m", "K_c", "y_t", "nu", "d_eff", "alpha", "points"])
rows_ising = rows
print("  K_c and y_t agree with K = m artanh(tanh^p K) to 48 digits (p = m = 2: "
      "K_c = 0.6094, y_t = 0.7472, nu = 1.338)")

# finite depth: d^2 f / dK^2 at K_c through the recursion
from symrg.fixedpoints.seriesparallel.finitedepth import response  # noqa: E402
with mpmath.workdps(80):
    Kc = mpmath.findroot(lambda K: K - 2 * mpmath.atanh(mpmath.tanh(K) ** 2), 0.6)
    r = response(ising_weight_map(2, 2), lambda x: [mpmath.exp(Kc + x), mpmath.exp(-Kc - x)],
                 14, digits=80)
    d = [b - a for a, b in zip(r, r[1:])]
    t = mpmath.tanh(Kc)
    lam = 4 * t * (1 - t * t) / (1 - t ** 4)
    ratio, target = d[-1] / d[-2], lam ** 2 / 4
    assert abs(ratio - target) < 5e-4
print(f"  finite depth (p = m = 2, n = 14 levels, 4^14 bonds): d^2f/dK^2 at K_c = "
      f"{mpmath.nstr(r[-1], 10)}; its increments shrink by {mpmath.nstr(ratio, 8)} per level, "
      f"-> lambda_t^2/(p m) = 2^(alpha/nu) = {mpmath.nstr(target, 8)} (alpha < 0: a cusp, "
      f"no divergence)")

# 2. Potts ------------------------------------------------------------------------------
print("\n2. 3-state Potts, E = exp(K delta), against t = (e^K - 1)/(e^K + 2), K' = m K(t^p)")
rows = []
for p, m in [(2, 2), (2, 3)]:
    record = fixed_points_record(potts_weight_map(3, p, m), DIGITS)
    assert record["complete"]
    point = next(c for c in critical(record)
                 if mpmath.mpf(c["weights"][1]) < mpmath.mpf(c["weights"][0]))

    def step(K):
        ts = ((mpmath.exp(K) - 1) / (mpmath.exp(K) + 2)) ** p
        return m * mpmath.log((1 + 2 * ts) / (1 - ts))
    with mpmath.workdps(DIGITS + 10):
        Kc = mpmath.findroot(lambda K: step(K) - K, 1)
        yt = mpmath.log(mpmath.diff(step, Kc)) / mpmath.log(p)
        K = mpmath.log(mpmath.mpf(point["weights"][0]) / mpmath.mpf(point["weights"][1]))
        assert abs(K - Kc) < mpmath.mpf(10) ** (5 - DIGITS)
        assert abs(mpmath.mpf(point["exponents"][0]) - yt) < mpmath.mpf(10) ** (5 - DIGITS)
    sc = point["scaling"]["relevant"][0]
    rows.append({"p": p, "m": m, "K_c": mpmath.nstr(K, 15), "y_t": sc["y"][:15],
                 "nu": sc["nu"][:15], "alpha": sc["alpha"][:15]})
table(rows, ["p", "m", "K_c", "y_t", "nu", "alpha"])

# 3. DNA networks ---------------------------------------------------------------------
scan = json.loads((HERE / "data" / "series_parallel_scan.json").read_text())
rows_all = scan["rows"]
exact = [r for r in rows_all if r.get("method") == "exact"]
search = [r for r in rows_all if r.get("method") == "search"]
failed = [r for r in rows_all if "method" not in r and "skipped" not in r]
skipped = [r for r in rows_all if "skipped" in r]
print(f"\n3. Scan: {scan['models']} DNA networks (N = 1, W = +-1, h two- or three-valued, "
      f"b in {{+-1}} or {{-1, 0, 1}}, every activation table), {scan['distinct_omega']} "
      f"distinct (h, Omega), p = 2, m = {scan['parallel'][0]}..{scan['parallel'][-1]}")
assert all(r["complete"] and r["search_agrees"] for r in exact)
print(f"  exact (msolve, complete) at two-valued h, m = 2, 3: {len(exact)} rows; the "
      f"certified search finds the same positive points in every one")
print(f"  certified search (positive points only, complete: false) elsewhere: {len(search)} "
      f"rows; timeouts or errors: {len(failed)}; not reached within the scan budget: "
      f"{len(skipped)} rows ({len({str(r['omega']) for r in skipped})} three-valued Omega)")
rank_one = [r for r in rows_all if r["rank_omega"] == 1]
assert all(r["critical"] == 0 for r in rank_one)        # proven: rank Omega = 1 => none
print(f"  rank Omega = 1 ({len(rank_one)} rows: every h = +-1 network and "
      f"{len({str(r['omega']) for r in rank_one if len(r['h']) == 3})} three-valued Omega): "
      f"no critical point (proven: the branch weight is rank one)")
rows = []
for hs in sorted({tuple(r["h"]) for r in rows_all}):
    for m in scan["parallel"]:
        cls = [r for r in rows_all if tuple(r["h"]) == hs and r["parallel"] == m]
        crit = [r for r in cls if r["critical"]]
        rows.append({"h": list(hs), "m": m, "Omega": len(cls),
                     "solved": sum("method" in r for r in cls),
                     "with critical pt": len(crit) or "none",
                     "critical pts": sum(r["critical"] for r in crit),
                     "method": "exact" if all(r.get("method") == "exact" for r in cls)
                     else "search"})
table(rows, ["h", "m", "Omega", "solved", "with critical pt", "critical pts", "method"])
rows = []
for r in (r for r in rows_all if len(r["h"]) == 2):
    for point in r["positive"]:
        if "scaling" in point:
            rel = point["scaling"]["relevant"]
            rows.append({"h": r["h"], "Omega": r["omega"], "m": r["parallel"],
                         "models": len(r["models"]), "codim": point["scaling"]["codimension"],
                         "y (relevant)": ", ".join(x["y"][:6] for x in rel),
                         "nu (largest y)": rel[0]["nu"][:7]})
print("  every critical point found at two-valued h:")
table(rows, ["h", "Omega", "m", "models", "codim", "y (relevant)", "nu (largest y)"])
three = [p for r in rows_all if len(r["h"]) == 3 for p in r["positive"] if "scaling" in p]
if three:
    codims = sorted({p["scaling"]["codimension"] for p in three})
    print(f"  three-valued h: {len(three)} critical points (codimension {codims[0]}.."
          f"{codims[-1]}); per class above, exponents in the data file")
paper = [r for r in rows_all if r["omega"] == [[2, 2], [1, 3]] and r["h"] == [0, 1]]
print(f"  the paper's Omega = [[2, 2], [1, 3]]: critical points at m = "
      f"{[r['parallel'] for r in paper if r['critical']] or 'none'} (m = 2..8)")

EVEN = {"name": "even detector, m = 3", "scale": 2,
        "values": {"W": [-1, 1], "b": [-1, 1], "h": [0, 1]},
        "activation": {"table": {"-2": 0, "-1": 0, "0": 1, "1": 0, "2": 1}},
        "architecture": {"parallel": 3}}
record = fixed_points_record(weight_map(Model.from_dict(EVEN)), 30)
crit = critical(record)
assert record["complete"] and len(crit) == 2
print(f"  re-derived: {EVEN['name']} (sigma = 1 iff W h + b is even and >= 0): "
      f"{len(crit)} critical points, eigenvalues "
      + "; ".join(", ".join(e[:8] for e in c["eigenvalues"]) for c in crit))


def figures(out):
    from symrg.plots.core import save_figure
    from symrg.plots.phase import plot_phase_diagram
    from symrg.fixedpoints.seriesparallel.phase import (Slice, attractors, basins,
                                                        coupling_direction, critical_value,
                                                        dna_direction)
    specs = [("copy_m2", {"name": "copy", "scale": 2,
                          "values": {"W": [-1, 1], "b": [-1, 1], "h": [0, 1]},
                          "activation": {"table": {"-2": 1, "-1": 0, "0": 1, "1": 0, "2": 1}},
                          "architecture": {"parallel": 2}}, (0, 3), (-3, 3)),
             ("even_m3", EVEN, (0, 3), (-3, 3)),
             ("paper_m2", {"name": "paper", "scale": 2,
                           "values": {"W": [-1, 1], "b": [-1, 1], "h": [0, 1]},
                           "activation": {"name": "heaviside"},
                           "architecture": {"parallel": 2}}, (0, 3), (-3, 3))]
    for stem, spec, xr, yr in specs:
        F = weight_map(Model.from_dict(spec))
        rec = fixed_points_record(F, 20)
        sinks = attractors(F, rec)
        plane = Slice(dna_direction(F), coupling_direction(F, "A"), r"$\beta_v$", "$A$", xr, yr)
        xs, ys, labels = basins(F, plane, sinks, size=200)
        across = Slice(plane.b, plane.a, "", "", yr, xr)      # bisect along A at fixed beta_v
        sep = []
        for x in [xr[0] + (xr[1] - xr[0]) * k / 24 for k in range(1, 25)]:
            try:
                sep.append((x, float(critical_value(F, across, x, sinks, digits=8))))
            except ValueError:
                pass
        names = [f"w = ({', '.join(mpmath.nstr(v, 2) for v in s)})" for s in sinks]
        marks = [(float(2 * mpmath.mpf(rows_ising[0]["K_c"])), 0.0)] if stem == "copy_m2" else []
        fig = plot_phase_diagram(xs, ys, labels, sink_names=names, x_label=plane.x_label,
                                 y_label=plane.y_label, separatrix=sep, critical=marks,
                                 title=spec["name"])
        save_figure(fig, pathlib.Path(out) / stem)
        print(f"  figure {stem}: {len(sep)} separatrix points")


if "--figures" in sys.argv:
    figures(sys.argv[sys.argv.index("--figures") + 1])
