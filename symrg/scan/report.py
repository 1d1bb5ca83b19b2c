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
from .labels import common_label, model_label, varying_parameters
from .store import ScanStore

__all__ = ["scan_summary", "write_scan_report", "rank_one_check", "TABLE_LIMIT"]

#: Rows shown per table in the report (the CSV export has them all).
TABLE_LIMIT = 40
_ROW_COLUMNS = ("id", "hash", "status", "message", "coords", "n_isolated", "n_family",
                "n_boundary", "n_nonphysical", "n_complex", "max_physical_rank", "xi_dna",
                "xi_plain", "wall_seconds")


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
                    "id": ident, "where": common_label(coords), "model": model,
                    "point": json.dumps(point, indent=1, sort_keys=True)})
    out["holds"] = not out["counterexamples"]
    return out


def _table(rows, varying, caption, empty):
    """A table of notable models: total, the first rows with their LaTeX labels, the
    caption and the sentence printed instead when no model qualifies."""
    return {"total": len(rows), "ids": [r["id"] for r in rows], "caption": caption,
            "empty": empty, "same_as": None,
            "shown": [dict(r, where=model_label(r["coords"], varying))
                      for r in rows[:TABLE_LIMIT]]}


def _deduplicate(tables):
    """A table whose models are exactly those of an earlier one points to it instead."""
    for k, table in enumerate(tables):
        for earlier in tables[:k]:
            if table["total"] and table["ids"] == earlier["ids"] and earlier["same_as"] is None:
                table["same_as"] = earlier["caption"]
                break
    return tables


def scan_summary(store: ScanStore) -> dict:
    """The JSON-ready content of a scan report (computed from the store only)."""
    rows = store.rows(_ROW_COLUMNS)
    done = [r for r in rows if r["status"] == "done"]
    longest = sorted((r for r in done if _float(r["xi_dna"]) is not None),
                     key=lambda r: -_float(r["xi_dna"]))
    varying = varying_parameters([r["coords"] for r in rows])
    from ..plots.scan import scanned_parameter
    axis, xs = scanned_parameter(done)
    xi_axis = axis if axis is not None and len(set(xs)) > 1 else None
    meta = store.meta
    boundary, complex_, nonphysical = _deduplicate([
        _table([r for r in done if (r["n_boundary"] or 0) > 0], varying,
               "models with boundary fixed points",
               "No model of the scan has a boundary fixed point."),
        _table([r for r in done if (r["n_complex"] or 0) > 0], varying,
               "models with complex fixed points",
               "No model of the scan has a fixed point with complex coordinates."),
        _table([r for r in done if (r["n_nonphysical"] or 0) > 0], varying,
               "models with non-physical (not all-positive) fixed points",
               "Every fixed point of every model is physical (all weights positive).")])
    return {
        "title": f"Scan: {meta.get('spec_name', store.path.stem)}",
        "symrg_version": __version__,
        "scan": {"name": meta.get("spec_name", ""), "spec_hash": meta.get("spec_hash", ""),
                 "sections": meta.get("sections", ""), "digits": meta.get("digits", ""),
                 "store": store.path.name, "made_with": meta.get("symrg_version", "")},
        "varying": varying,
        "xi_axis": xi_axis,
        "common": common_label({a: v for a, v in (json.loads(rows[0]["coords"]) if rows
                                                  else {}).items() if a not in varying}),
        "counts": {s: sum(r["status"] == s for r in rows)
                   for s in ("done", "failed", "timeout", "pending")},
        "total": len(rows),
        "cpu_hours": round(sum(r["wall_seconds"] or 0 for r in rows) / 3600, 3),
        "kinds": {k: sum(r[k] or 0 for r in done) for k in
                  ("n_isolated", "n_family", "n_boundary", "n_nonphysical", "n_complex")},
        "rank_one": rank_one_check(store),
        "boundary": boundary,
        "complex": complex_,
        "nonphysical": nonphysical,
        "longest": _table(longest, varying, "the longest depth scales, longest first",
                          "No derived model has a finite correlation length."),
        "failures": _table([r for r in rows if r["status"] in ("failed", "timeout")
                            or (r["status"] == "done" and r["message"])], varying,
                           "failures", "No model failed or timed out."),
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
