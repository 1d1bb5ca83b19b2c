"""The scan report: ``symrg report SCAN.sqlite -o DIR`` (LaTeX/PDF, JSON, figures).

:func:`scan_summary` reads a scan store into one JSON-ready dict (counts, the rank-1
statement, the tables of notable models, failures); :func:`write_scan_report` renders it
with ``scan_report.tex.j2`` and writes ``DIR/<stem>/<stem>.{tex,json,pdf}`` and
``DIR/<stem>/figures/*.{pdf,png}`` (the report layout), replacing the directory as a whole.

The rank-1 statement: by Perron-Frobenius every physical (all-positive) fixed point of the
decimation has rank 1 (README, "What the derivations found").  The report checks it on every
physical fixed point the scan found and prints any counterexample in full.
"""

import json
from pathlib import Path

from .. import __version__
from .store import ScanStore

__all__ = ["scan_summary", "write_scan_report", "rank_one_check", "TABLE_LIMIT"]

#: Rows shown per table in the report (the CSV export has them all).
TABLE_LIMIT = 40
_ROW_COLUMNS = ("id", "hash", "status", "message", "coords", "n_isolated", "n_family",
                "n_boundary", "n_nonphysical", "n_complex", "max_physical_rank", "xi_dna",
                "xi_plain", "wall_seconds")


def _label(coords_text) -> str:
    """Short text of a row's coordinates (value sets, table, other axes)."""
    coords = json.loads(coords_text)
    parts = []
    for axis, value in coords.items():
        if axis == "values" and isinstance(value, dict):
            parts.append(" ".join(f"{k}={{{','.join(str(v) for v in value[k])}}}"
                                  for k in ("W", "b", "h") if k in value))
        elif axis == "tables":
            parts.append(f"table {value}")
        else:
            parts.append(f"{axis} {json.dumps(value, sort_keys=True)}")
    return "; ".join(parts)


def _float(text, default=None):
    try:
        return float(text)
    except (TypeError, ValueError):
        return default


def rank_one_check(store: ScanStore) -> dict:
    """Every strictly positive (physical, non-boundary) fixed point: is its rank 1?

    Returns
    -------
    dict
        ``holds`` (bool), ``models`` (finished models with a fixed-point section),
        ``points`` (physical fixed points checked) and ``counterexamples``: for each, the
        row id, coordinates, canonical model and the fixed point's full JSON entry.
    """
    out = {"models": 0, "points": 0, "counterexamples": []}
    cur = store.con.execute("SELECT id, coords, model, record FROM models "
                            "WHERE status = 'done' AND physical_ranks IS NOT NULL ORDER BY id")
    for ident, coords, model, record_text in cur:
        out["models"] += 1
        points = json.loads(record_text).get("fixed_points", {}).get("points", [])
        for point in points:
            # the theorem is about strictly positive weights; boundary points (zero
            # weights, non-negative) may have rank > 1 and are reported on their own
            if not point.get("physical") or point.get("kind") in ("boundary", "zero_weight"):
                continue
            out["points"] += 1
            if point.get("rank") != 1:
                out["counterexamples"].append({
                    "id": ident, "where": _label(coords), "model": model,
                    "point": json.dumps(point, indent=1, sort_keys=True)})
    out["holds"] = not out["counterexamples"]
    return out


def _table(rows):
    return {"total": len(rows), "shown": [dict(r, where=_label(r["coords"]))
                                          for r in rows[:TABLE_LIMIT]]}


def scan_summary(store: ScanStore) -> dict:
    """The JSON-ready content of a scan report (computed from the store only)."""
    rows = store.rows(_ROW_COLUMNS)
    done = [r for r in rows if r["status"] == "done"]
    longest = sorted((r for r in done if _float(r["xi_dna"]) is not None),
                     key=lambda r: -_float(r["xi_dna"]))
    meta = store.meta
    return {
        "title": f"Scan: {meta.get('spec_name', store.path.stem)}",
        "symrg_version": __version__,
        "scan": {"name": meta.get("spec_name", ""), "spec_hash": meta.get("spec_hash", ""),
                 "sections": meta.get("sections", ""), "digits": meta.get("digits", ""),
                 "store": store.path.name, "made_with": meta.get("symrg_version", "")},
        "counts": {s: sum(r["status"] == s for r in rows)
                   for s in ("done", "failed", "timeout", "pending")},
        "total": len(rows),
        "cpu_hours": round(sum(r["wall_seconds"] or 0 for r in rows) / 3600, 3),
        "kinds": {k: sum(r[k] or 0 for r in done) for k in
                  ("n_isolated", "n_family", "n_boundary", "n_nonphysical", "n_complex")},
        "rank_one": rank_one_check(store),
        "boundary": _table([r for r in done if (r["n_boundary"] or 0) > 0]),
        "complex": _table([r for r in done if (r["n_complex"] or 0) > 0]),
        "nonphysical": _table([r for r in done if (r["n_nonphysical"] or 0) > 0]),
        "longest": _table(longest),
        "failures": _table([r for r in rows if r["status"] in ("failed", "timeout")
                            or (r["status"] == "done" and r["message"])]),
    }


def _figures(store, build):
    from ..plots.scan import fixed_point_histogram, xi_plot
    rows = store.rows(("id", "coords", "n_isolated", "n_family", "n_boundary", "xi_dna"),
                      where="status = 'done'")
    figures = build / "figures"
    fixed_point_histogram(rows, figures / "fixed_point_counts")
    xi_plot(rows, figures / "xi")
    return ["fixed_point_counts", "xi"]


def write_scan_report(store_path, outdir, *, pdf: bool = True, quiet: bool = False) -> dict:
    """Write the scan report of ``store_path`` into ``outdir/<stem>/``.

    Returns
    -------
    dict
        ``{"json", "tex", "figures"}`` paths, plus ``"pdf"`` when one was compiled.

    Raises
    ------
    ScanStoreError
        The file is not a symrg scan (refused untouched).
    ReportError
        Rendering or LaTeX failed, or ``outdir/<stem>/`` holds a report made from a
        model file.  The report is built aside and swapped in whole
        (:func:`symrg.report.io.report_directory`); the build directory is removed
        on every exit path.
    """
    from ..report.compile import compile_pdf, latexmk_available
    from ..report.io import report_directory, slugify
    from ..report.render import record_json, render_scan_report
    with ScanStore(store_path) as store:
        summary = scan_summary(store)
        stem = slugify(store.meta.get("spec_name") or Path(store_path).stem)
        final = Path(outdir) / stem
        with report_directory(outdir, stem) as build:    # built aside, swapped in whole
            summary["figures"] = _figures(store, build)
            (build / f"{stem}.json").write_text(record_json(summary), encoding="utf-8")
            (build / f"{stem}.tex").write_text(render_scan_report(summary), encoding="utf-8")
            made_pdf = pdf and latexmk_available()
            if made_pdf:
                compile_pdf(build / f"{stem}.tex", outdir=build)
                for extra in build.iterdir():
                    if extra.is_file() and extra.suffix not in (".tex", ".json", ".pdf"):
                        extra.unlink()
            elif pdf and not quiet:
                print("symrg: pdflatex not found; wrote the .tex without PDF", flush=True)
    paths = {"json": final / f"{stem}.json", "tex": final / f"{stem}.tex",
             "figures": final / "figures"}
    if made_pdf:
        paths["pdf"] = final / f"{stem}.pdf"
    return paths
