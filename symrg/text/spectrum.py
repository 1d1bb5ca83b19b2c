"""The spectrum of a fixed point on types as runs: one entry per eigenvalue, summed over the
isotypic sectors (records on types, :mod:`symrg.records.typerecord`; read by the terminal
summary and the LaTeX report alike)."""

__all__ = ["spectrum_runs"]


def spectrum_runs(spectrum) -> list:
    """``(eigenvalue, exponent, multiplicity)`` of a spectrum on types (entries per isotypic
    sector, :func:`symrg.records.typerecord.fixed_points_on_types`) merged over sectors, in
    order of first appearance (the record lists p, 1, 0).

    >>> spectrum_runs([{"eigenvalue": 2, "exponent": 1, "multiplicity": 3},
    ...                {"eigenvalue": 0, "exponent": "-inf", "multiplicity": 25},
    ...                {"eigenvalue": 0, "exponent": "-inf", "multiplicity": 9}])
    [(2, 1, 3), (0, '-inf', 34)]
    """
    runs = {}
    for e in spectrum:
        key = str(e["eigenvalue"])
        lam, y, m = runs.get(key, (e["eigenvalue"], e["exponent"], 0))
        runs[key] = (lam, y, m + e["multiplicity"])
    return list(runs.values())
