"""Bond weights of the DNA Hamiltonian (Eq. 14, 19-20, 23 of Lee, Lee & Yi).

In the bulk every term of H_new couples the pair (h^(m+1), sigma^(m)), so the
Boltzmann weight of one bond is a matrix over (h-configurations) x
(sigma-configurations):

    E[h, s] = exp(-beta_v sum_{i,l} |h_i[l] - s_i[l]|^q) = u^(-sum |h - s|^q),

with u = e^{beta_v} (Eq. 23).
"""

import sympy

from ..model.network import Model

__all__ = ["U", "BETA", "BETA_V", "distance", "dna_bond_weights"]

#: u = exp(beta_v) of Eq. 23.
U = sympy.Symbol("u", positive=True)
#: Inverse temperature beta of the label (cost) term.
BETA = sympy.Symbol("beta", positive=True)
#: beta_v = beta * lambda of the bulk constraint terms.
BETA_V = sympy.Symbol("beta_v", positive=True)


def distance(model: Model, h: tuple, s: tuple):
    """``sum_t |h_t - s_t|^q`` for two configurations of one layer (exact)."""
    return sum((abs(a - b) ** model.norm for a, b in zip(h, s)), sympy.Integer(0))


def dna_bond_weights(model: Model, u=U) -> sympy.ImmutableMatrix:
    """The bare DNA bond-weight matrix ``E[h, s] = u^(-sum |h - s|^q)``.

    Examples
    --------
    >>> from symrg.model.network import paper_model
    >>> dna_bond_weights(paper_model())
    Matrix([
    [  1, 1/u],
    [1/u,   1]])
    """
    return sympy.ImmutableMatrix(
        [[u ** (-distance(model, h, s)) for s in model.sigma_states] for h in model.h_states]
    )
