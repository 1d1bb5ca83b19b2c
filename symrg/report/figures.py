"""The figures of a report: file names (for the templates) and the files themselves.

Every figure is drawn by :mod:`symrg.plots` from the record alone and written as
``figures/<name>.pdf`` (included by the LaTeX report) and ``figures/<name>.png`` (for
slides and notebooks), byte-identically on every run.
"""

import re
from pathlib import Path

__all__ = ["FIGURE_DIR", "figure_plan", "write_figures"]

#: Sub-directory of the build/report directory that holds the figures.
FIGURE_DIR = "figures"


def _safe(key) -> str:
    return re.sub(r"[^A-Za-z0-9-]+", "-", str(key)).strip("-") or "figure"


def _own_width_only(record) -> bool:
    """A record on types whose width section is the model's own N alone (no figure)."""
    rows = record["width"]["rows"]
    return (record.get("route") == "types"
            and [row.get("N") for row in rows] == [record.get("model", {}).get("width")])


def figure_plan(record) -> dict:
    """``{"flows": {key: name}, "correlations": name, "montecarlo": name, "width": {key: name}}``.

    Only figures whose data is in the record are listed (a record on types with its own
    width alone: no width figures); names have no suffix and
    are relative to the report directory (``figures/flow-fig4``).
    """
    plan = {"flows": {}}
    fixed = record.get("fixed_points")
    if isinstance(fixed, dict):
        for key, entry in (fixed.get("flows") or {}).items():
            if entry.get("rows"):
                plan["flows"][key] = f"{FIGURE_DIR}/flow-{_safe(key)}"
    corr = record.get("correlations")
    if isinstance(corr, dict) and corr.get("r"):
        plan["correlations"] = f"{FIGURE_DIR}/correlations"
    mc = record.get("montecarlo")
    if isinstance(mc, dict) and mc.get("r"):
        plan["montecarlo"] = f"{FIGURE_DIR}/montecarlo"
    width = record.get("width")
    if isinstance(width, dict) and width.get("rows") and not _own_width_only(record):
        from ..plots.width import width_figure_names
        plan["width"] = {name: f"{FIGURE_DIR}/width-{name}" for name in width_figure_names(width)}
    return plan


def write_figures(record, directory) -> list:
    """Draw every figure of :func:`figure_plan` into ``directory`` (PDF and PNG).

    Returns
    -------
    list of pathlib.Path
        The files written, in a fixed order.
    """
    from ..plots import save_figure
    from ..plots.correlations import plot_correlations, plot_montecarlo
    from ..plots.flows import plot_flow
    directory = Path(directory)
    plan, written = figure_plan(record), []
    for key, name in plan["flows"].items():
        fig = plot_flow(record["fixed_points"]["flows"][key])
        written.extend(save_figure(fig, directory / name).values())
    if "correlations" in plan:
        written.extend(save_figure(plot_correlations(record["correlations"]),
                                   directory / plan["correlations"]).values())
    if "montecarlo" in plan:
        written.extend(save_figure(plot_montecarlo(record["montecarlo"]),
                                   directory / plan["montecarlo"]).values())
    if "width" in plan:
        from ..plots.width import WIDTH_PLOTS
        for key, name in plan["width"].items():
            written.extend(save_figure(WIDTH_PLOTS[key](record["width"]),
                                       directory / name).values())
    return written
