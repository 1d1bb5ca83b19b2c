"""Series-parallel architectures: m branches of p layers per RG step (issue 21).

One coarse-graining step of a network in which m parallel branches, each a chain of
p bonds, join the same two layers multiplies the branch weights entrywise:

    E' = ( E (Omega^T E)^(p-1) )^(o m)        (o m: entrywise m-th power),

the exact RG of the hierarchical (Migdal-Kadanoff, diamond) lattice.  In couplings
the Hadamard power multiplies logarithms, K' = m K_series.

The model-file table lives in :mod:`symrg.model.architecture`, the step on weights in
:mod:`symrg.rg.seriesparallel` (and in :mod:`symrg.rg.decimation` for the coupling map).

Modules
-------
msolve
    The exact elimination backend (rational parametrisations).
solve
    Every fixed point of the projective weight map by exact elimination.
dual
    Forward-mode derivatives of the weight map (numpy arrays, balls, Fractions).
certified
    Positive fixed points by many-start Newton, certified by the Krawczyk test.
linear
    Jacobians, eigenvalues and exponents at a fixed point (any precision).
symmetry
    Thermal and magnetic directions from involutions; hyperscaling exponents.
record
    The JSON-ready fixed-point record (``record["series_parallel"]`` of derive).
phase
    Basins, separatrix and critical values on a two-parameter slice.
finitedepth
    Free energy per bond and its second derivative through the recursion.
scan
    Which small networks are critical (the committed scan).
"""
