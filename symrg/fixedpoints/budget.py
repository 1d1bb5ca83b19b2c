"""Which presentation of a fixed-point family a derivation writes, by the size of its content.

A family of the block classification (:mod:`symrg.fixedpoints.classify`) is given by its
parametrisation (block ranks, E_lambda = X_lambda C_lambda Y_lambda per isotypic block,
dimension and a verified sample point), whose size grows with the number of blocks.  Its
implicit polynomial equations in e^K (:func:`symrg.fixedpoints.equations.to_exp_equations`)
grow with the expanded RG map instead: measured on binary heaviside models (W, b in {+-1},
h in {0, 1}, L = 1), the equations and the flow-field lines traced from them took 60 % of
``symrg derive`` at N = 4 (34 couplings).  They are written by default only up to
:data:`EQUATION_COUPLINGS` couplings (every committed report and example is far below), and
on request (``--equations``) beyond.
"""

from typing import Optional

__all__ = ["EQUATION_COUPLINGS", "equations_omitted", "JACOBIAN_CHARS", "jacobian_shown",
           "jacobian_note"]

#: Largest number of couplings whose family equations are written without ``--equations``
#: (binary width N = 3 has 19, N = 4 has 34; the paper's model 3, examples <= 18).
EQUATION_COUPLINGS = 24


def equations_omitted(n_couplings: int, equations: Optional[bool] = None) -> Optional[str]:
    """Why the implicit family equations are not written, or None when they are.

    Parameters
    ----------
    n_couplings : int
        Number of couplings (unknowns of Eq. 28).
    equations : bool, optional
        True: always write them; False: never; None (default): up to
        :data:`EQUATION_COUPLINGS` couplings.

    Examples
    --------
    >>> equations_omitted(3) is None
    True
    >>> equations_omitted(34)
    'implicit equations in e^K omitted at 34 couplings (> 24); the family is given by its parametrisation; --equations writes them'
    >>> equations_omitted(34, equations=True) is None
    True
    """
    if equations or (equations is None and n_couplings <= EQUATION_COUPLINGS):
        return None
    if equations is False:
        return "implicit equations in e^K not requested; the family is given by its parametrisation"
    return (f"implicit equations in e^K omitted at {n_couplings} couplings "
            f"(> {EQUATION_COUPLINGS}); the family is given by its parametrisation; "
            f"--equations writes them")


#: Largest exact Jacobian (characters of its entries) written to the record and report; a
#: larger one is omitted with a note (its eigenvalues and exponents are always written).
#: Measured: hardtanh, L = 2, p = 3 (44 couplings, 128 points) wrote 0.3 MB per point.
JACOBIAN_CHARS = 20_000


def _jacobian_chars(J, limit=None, flint_copy=None) -> int:
    """Characters of the entries of J; with ``limit``, counting stops once past it (the
    entries' text is what costs: 13 % of the fixed-point section of a 44-coupling model
    with 65 linearisations, each printed in full up to three times).  ``flint_copy``: the
    same rational matrix as a flint ``fmpq_mat`` (its ``str`` of an entry is sympy's
    ``p/q`` text), read instead of the sympy entries."""
    total = 0
    for x in (flint_copy.entries() if flint_copy is not None else J):
        total += len(str(x))
        if limit is not None and total > limit:
            break
    return total


def jacobian_shown(lin):
    """The Jacobian of a linearisation to write, or None (absent, or longer than
    :data:`JACOBIAN_CHARS` characters: exact entries by their text, numerical ones at 16
    characters an entry, the least they are written with)."""
    J = lin.jacobian
    if J is None:
        return None
    if lin.exact:
        return None if _jacobian_chars(J, JACOBIAN_CHARS) > JACOBIAN_CHARS else J
    return None if 16 * J.rows * J.cols > JACOBIAN_CHARS else J


def jacobian_note(lin) -> Optional[str]:
    """Why the Jacobian of ``lin`` is not written, or None when it is (or has none)."""
    if lin.jacobian is None or jacobian_shown(lin) is not None:
        return None
    if not lin.exact:
        J = lin.jacobian
        return (f"Jacobian omitted: {J.rows} x {J.cols} numerical entries (more than "
                f"{JACOBIAN_CHARS:,} characters); eigenvalues and exponents are given")
    chars = _jacobian_chars(lin.jacobian, flint_copy=getattr(lin, "jacobian_q", None))
    return (f"exact Jacobian omitted: {chars:,} characters "
            f"(> {JACOBIAN_CHARS:,}); eigenvalues and exponents are exact")
