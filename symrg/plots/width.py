"""Figures of the width analysis: xi(N), overlap maps against N -> infinity, chi(s).

Every function reads a ``width`` record section (:func:`symrg.widthrecord.width_record`)
and computes nothing; figures go through :func:`symrg.plots.figure` and
:func:`symrg.plots.save_figure` (PDF + PNG, byte-identical reruns).
"""

from .core import figure, save_figure

__all__ = ["plot_xi", "plot_overlap_maps", "plot_boundary", "width_figures"]


def _f(text):
    return float(text)


def plot_xi(section, stem):
    """xi(N) (DNA and plain) against N, with xi_MF as a horizontal line."""
    fig, ax = figure()
    N = [row["N"] for row in section["rows"]]
    ax.plot(N, [_f(r["xi_dna"]) for r in section["rows"]], "o-", label=r"DNA, $\xi(N)$")
    if section["rows"][0]["xi_plain"] is not None:
        ax.plot(N, [_f(r["xi_plain"]) for r in section["rows"]], "s--", label="plain network")
    if section["mean_field"].get("xi") not in (None, "inf"):
        ax.axhline(_f(section["mean_field"]["xi"]), color="k", lw=0.8,
                   label=r"$\xi_{\mathrm{MF}}$ ($N\to\infty$)")
    ax.set_xscale("log")
    ax.set_xlabel("width $N$")
    ax.set_ylabel(r"$\xi(N) = -1/\ln|\lambda_2/\lambda_1|$")
    ax.legend()
    return save_figure(fig, stem)


def plot_overlap_maps(section, stem):
    """Exact overlap maps at several N against the N -> infinity map (L = 2)."""
    fig, ax = figure()
    for entry in section["overlap_maps"]:
        q = [_f(x.split("/")[0]) / _f(x.split("/")[1]) if "/" in x else _f(x)
             for x in entry["q_in"]]
        ax.plot(q, [_f(v) for v in entry["q_out"]], ".-", ms=3, label=f"$N={entry['N']}$")
    curve = section["mean_field"].get("curve")
    if curve:
        ax.plot([_f(a) for a, _ in curve], [_f(b) for _, b in curve], "k-", lw=1,
                label=r"$N\to\infty$")
    ax.plot([-1, 1], [-1, 1], color="0.6", lw=0.6, ls=":")
    ax.set_xlabel("input overlap $q$")
    ax.set_ylabel(r"expected output overlap $\mathbb{E}\,q'$")
    ax.legend()
    return save_figure(fig, stem)


def plot_boundary(section, stem):
    """Order-chaos boundary s_c(N) in the sparsity of ternary weights."""
    fig, ax = figure()
    pts = [(b["N"], _f(b["sparsity"])) for b in section["boundary"] if b["sparsity"]]
    ax.plot([n for n, _ in pts], [s for _, s in pts], "o-")
    ax.set_xlabel("width $N$")
    ax.set_ylabel("sparsity $s_c$ where the slope at $q=1$ is 1")
    return save_figure(fig, stem)


def width_figures(section, stem) -> dict:
    """All figures a section supports: ``{name: {format: path}}``."""
    stem = str(stem)
    out = {"xi": plot_xi(section, stem + "-xi")}
    if section["overlap_maps"]:
        out["overlap"] = plot_overlap_maps(section, stem + "-overlap")
    if any(b["sparsity"] for b in section["boundary"]):
        out["boundary"] = plot_boundary(section, stem + "-boundary")
    return out
