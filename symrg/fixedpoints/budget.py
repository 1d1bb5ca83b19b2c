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

__all__ = ["EQUATION_COUPLINGS", "equations_omitted"]

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
