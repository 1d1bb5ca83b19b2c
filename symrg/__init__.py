"""symrg: exact renormalization-group analysis of discrete deep networks.

The dynamic neuron approach (DNA) of Lee, Lee & Yi turns a deep network into a
one-dimensional lattice model along depth; symrg builds its exact partition
function, decimates layers into an RG map, finds every fixed point and derives
the scaling laws, for any small discrete model.
"""

__version__ = "0.1.0"

import importlib

from .errors import (ConvergenceError, ModelError, ModelTooLargeError, ReportError,
                     SymRGError)

#: Public name -> submodule that defines it.  Imported on first use (PEP 562), so
#: ``symrg --help`` and a small derivation do not pay for networkx, numpy, jinja2 or
#: matplotlib, which only some stages need.
_LAZY = {
    "Model": "model.network", "load_model": "model.files", "paper_model": "model.network",
    "Activation": "model.activation", "BUILTIN_ACTIVATIONS": "model.activation",
    "count_matrix": "lattice.counting", "dna_bond_weights": "lattice.weights",
    "CouplingBasis": "rg.couplings", "coupling_basis": "rg.couplings",
    "RGMap": "rg.decimation", "PartialSum": "rg.decimation", "decimate": "rg.decimation",
    "renormalized_constraints": "rg.decimation", "renormalized_hamiltonian": "rg.decimation",
    "renormalized_weights": "rg.decimation", "rg_map": "rg.decimation",
    "dna_hamiltonian": "lattice.hamiltonian", "original_hamiltonian": "lattice.hamiltonian",
    "interaction_facts": "lattice.graph", "interaction_graph": "lattice.graph",
    "partition_function": "lattice.partition", "strong_constraint_limit": "lattice.partition",
    "correlation_function": "lattice.transfer", "correlation_length": "lattice.transfer",
    "mean_neuron": "lattice.transfer", "transfer_matrix": "lattice.transfer",
    "FixedPoint": "fixedpoints.points", "FixedPointAnalysis": "fixedpoints.points",
    "FixedPointFamily": "fixedpoints.points", "find_fixed_points": "fixedpoints.analysis",
    "Linearization": "fixedpoints.linearize", "linearize": "fixedpoints.linearize",
    "scaling_exponents": "fixedpoints.scaling", "flow_field": "rg.flow",
    "rg_trajectory": "rg.flow", "rg_step": "rg.flow", "derive_record": "records.derive",
}


def __getattr__(name):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'symrg' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "SymRGError", "ModelError", "ModelTooLargeError", "ConvergenceError", "ReportError",
    "Model", "load_model", "paper_model", "Activation", "BUILTIN_ACTIVATIONS",
    "count_matrix", "dna_bond_weights", "CouplingBasis", "coupling_basis",
    "RGMap", "PartialSum", "decimate", "renormalized_constraints", "renormalized_hamiltonian",
    "renormalized_weights", "rg_map",
    "dna_hamiltonian", "original_hamiltonian", "interaction_facts", "interaction_graph",
    "partition_function", "strong_constraint_limit",
    "correlation_function", "correlation_length", "mean_neuron", "transfer_matrix",
    "FixedPoint", "FixedPointAnalysis", "FixedPointFamily", "find_fixed_points",
    "Linearization", "linearize", "scaling_exponents", "flow_field", "rg_trajectory",
    "rg_step", "derive_record",
]
