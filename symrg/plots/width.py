"""Figures of the width analysis: xi(N), overlap maps against N -> infinity, the prior scan.

Every function reads a ``width`` record section (:func:`symrg.records.width.width_record`),
computes nothing and returns a matplotlib figure; :func:`width_figures` writes them
through :func:`symrg.plots.save_figure` (PDF + PNG, byte-identical reruns).  The report
draws the same figures (:func:`symrg.report.figures.figure_plan`).
"""

from fractions import Fraction

from .core import figure, save_figure
from .style import styled

__all__ = ["plot_xi", "plot_overlap_maps", "plot_prior_scan", "width_figure_names",
           "width_figures", "WIDTH_PLOTS"]


def _f(text):
    """A record number (decimal string or exact ``"p/q"``) as a float."""
    return float(Fraction(text)) if "/" in str(text) else float(text)


@styled
def plot_xi(section):
    """xi(N) of the DNA chain and the plain network against N, with xi_MF where finite."""
    fig, ax = figure()
    N = [row["N"] for row in section["rows"]]
    ax.plot(N, [_f(r["xi_dna"]) for r in section["rows"]], "o-", ms=4, color="tab:blue",
            label=rf"DNA ($\beta_v = {section['beta_v']}$)")
    if all(r["xi_plain"] is not None for r in section["rows"]):
        ax.plot(N, [_f(r["xi_plain"]) for r in section["rows"]], "s--", ms=4, color="tab:red",
                label="plain network")
    xi_mf = section["mean_field"].get("xi")
    if xi_mf not in (None, "inf"):
        ax.axhline(_f(xi_mf), color="k", lw=0.8, ls=":",
                   label=r"DNA $\xi_{\mathrm{MF}}$ ($N\to\infty$)")
    if len(set(N)) > 1 and min(N) > 0:
        ax.set_xscale("log")
    shown = [_f(r[k]) for r in section["rows"] for k in ("xi_dna", "xi_plain")
             if r[k] is not None and r[k] not in ("inf", "+inf")]
    if shown and min(shown) > 0 and max(shown) > 20 * min(shown):
        ax.set_yscale("log")
    ax.set_xlabel("width $N$")
    ax.set_ylabel(r"$\xi(N) = -1/\ln|\lambda_2/\lambda_1|$")
    ax.legend(loc="best")
    return fig


@styled
def plot_overlap_maps(section):
    """Exact expected output overlap at several N against the N -> infinity map (L = 2)."""
    fig, ax = figure()
    colors = ("tab:blue", "tab:orange", "tab:green", "tab:purple", "tab:brown")
    for i, entry in enumerate(section["overlap_maps"]):
        ax.plot([_f(q) for q in entry["q_in"]], [_f(v) for v in entry["q_out"]], ".-",
                ms=3, lw=0.8, color=colors[i % len(colors)],
                label=f"$N={entry['N']}$" + (" (plain)" if entry["plain"] else ""))
    plain = any(entry["plain"] for entry in section["overlap_maps"])
    curve = section["mean_field"].get("curve_plain" if plain else "curve")
    if curve:
        ax.plot([_f(a) for a, _ in curve], [_f(b) for _, b in curve], "k-", lw=1.2,
                label=r"$N\to\infty$" + (" (plain)" if plain else ""))
    ax.plot([-1, 1], [-1, 1], color="0.5", lw=0.6, ls=":", label="$q' = q$")
    ax.set_xlim(-1.02, 1.02)
    ax.set_xlabel("input overlap $q$")
    ax.set_ylabel(r"expected output overlap $\mathbb{E}\,q'$")
    ax.legend(loc="upper left")
    return fig


@styled
def plot_prior_scan(section):
    """Slope of the exact map at q = 1 against the prior parameter, per N, and s_c(N)."""
    scan = section["boundary"]["scan"]
    fig, ax = figure()
    s = [_f(x) for x in scan["parameter_values"]]
    colors = ("tab:blue", "tab:orange", "tab:green", "tab:purple", "tab:brown")
    for i, entry in enumerate(scan["slopes"]):
        ax.plot(s, [_f(v) for v in entry["slope_at_one"]], "-", lw=1,
                color=colors[i % len(colors)], label=f"$N={entry['N']}$")
    for i, point in enumerate(section["boundary"]["finite"]):
        if point["parameter"] is not None:
            ax.plot([_f(point["parameter"])], [1], "o", ms=4, mfc="none",
                    color=colors[i % len(colors)])
    ax.axhline(1, color="k", lw=0.8, ls=":", label=r"$\chi = 1$")
    ax.set_yscale("log")
    ax.set_xlabel(scan["parameter_label"])
    ax.set_ylabel(r"slope $\chi$ of the exact map at $q = 1$")
    ax.legend(loc="best")
    return fig


def width_figure_names(section) -> list:
    """The figures a width section supports, in a fixed order (``xi``, ``overlap``, ``prior``)."""
    names = ["xi"]
    if section.get("overlap_maps"):
        names.append("overlap")
    boundary = section.get("boundary")
    if isinstance(boundary, dict) and (boundary.get("scan") or {}).get("slopes"):
        names.append("prior")
    return names


#: Figure name -> drawing function (record section -> matplotlib figure).
WIDTH_PLOTS = {"xi": plot_xi, "overlap": plot_overlap_maps, "prior": plot_prior_scan}


def width_figures(section, stem) -> dict:
    """Write every figure of the section as ``<stem>-<name>.pdf|png``: ``{name: {fmt: path}}``."""
    return {name: save_figure(WIDTH_PLOTS[name](section), f"{stem}-{name}")
            for name in width_figure_names(section)}
