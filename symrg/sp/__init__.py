"""Series-parallel architectures: m branches of p layers per RG step (issue 21).

One coarse-graining step of a network in which m parallel branches, each a chain of
p bonds, join the same two layers multiplies the branch weights entrywise:

    E' = ( E (Omega^T E)^(p-1) )^(o m)        (o m: entrywise m-th power),

the exact RG of the hierarchical (Migdal-Kadanoff, diamond) lattice.  In couplings
the Hadamard power multiplies logarithms, K' = m K_series.

Modules
-------
architecture
    The ``[architecture]`` table of a model file.
step
    The series-parallel step on weights, on u-polynomials and its coupling map.
solve
    Every fixed point of the projective weight map by exact elimination.
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
