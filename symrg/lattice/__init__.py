"""Layer 2, the lattice: the network as a one-dimensional lattice model along depth.

Count matrix Omega (:mod:`.counting`), bond weights E (:mod:`.weights`), the DNA
Hamiltonians (:mod:`.hamiltonian`), interaction graphs (:mod:`.graph`), the exact
partition function (:mod:`.partition`) and transfer matrices with G_h and xi
(:mod:`.transfer`).

May import: :mod:`symrg.model` and the base layer.
"""
