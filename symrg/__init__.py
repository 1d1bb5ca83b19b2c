"""symrg: exact renormalization-group analysis of discrete deep networks.

The dynamic neuron approach (DNA) of Lee, Lee & Yi turns a deep network into a
one-dimensional lattice model along depth; symrg builds its exact partition
function, decimates layers into an RG map, finds every fixed point and derives
the scaling laws, for any small discrete model.
"""

__version__ = "0.1.0"

from .errors import (ConvergenceError, ModelError, ModelTooLargeError, ReportError,
                     SymRGError)
from .model import Model, load_model, paper_model
from .activation import Activation, BUILTIN_ACTIVATIONS
from .counting import count_matrix
from .weights import dna_bond_weights
from .couplings import CouplingBasis, coupling_basis
from .decimation import (RGMap, decimate, renormalized_constraints,
                         renormalized_hamiltonian, renormalized_weights, rg_map)
from .hamiltonian import dna_hamiltonian, original_hamiltonian
from .graph import interaction_facts, interaction_graph
from .partition import partition_function, strong_constraint_limit
from .transfer import correlation_function, correlation_length, mean_neuron, transfer_matrix
from .fixedpoints import FixedPoint, FixedPointAnalysis, FixedPointFamily, find_fixed_points
from .linearize import Linearization, linearize
from .scaling import scaling_exponents
from .flow import flow_field, rg_trajectory
from .derive import derive_record


__all__ = [
    "SymRGError", "ModelError", "ModelTooLargeError", "ConvergenceError", "ReportError",
    "Model", "load_model", "paper_model", "Activation", "BUILTIN_ACTIVATIONS",
    "count_matrix", "dna_bond_weights", "CouplingBasis", "coupling_basis",
    "RGMap", "decimate", "renormalized_constraints", "renormalized_hamiltonian",
    "renormalized_weights", "rg_map",
    "dna_hamiltonian", "original_hamiltonian", "interaction_facts", "interaction_graph",
    "partition_function", "strong_constraint_limit",
    "correlation_function", "correlation_length", "mean_neuron", "transfer_matrix",
    "FixedPoint", "FixedPointAnalysis", "FixedPointFamily", "find_fixed_points",
    "Linearization", "linearize", "scaling_exponents", "flow_field", "rg_trajectory",
    "derive_record",
]
