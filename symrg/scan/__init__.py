"""Scans over families of models: spec, Dask engine, SQLite store, export and report.

``symrg scan SPEC.toml`` expands a base model along axes (:mod:`.spec`), derives every
distinct model once on Dask distributed (:mod:`.engine`, :mod:`.worker`), and records one
row per model in an SQLite store (:mod:`.store`); ``symrg report SCAN.sqlite`` renders the
scan report (:mod:`.report`).  Submodules import dask and jinja2 lazily.
"""

from .spec import (AXES, DEFAULT_MAX_MODELS, ScanSpec, ScanSpecError, count_models, expand,
                   load_spec, parse_spec)
from .store import ScanStore, ScanStoreError, export_summary, summarize

__all__ = ["AXES", "DEFAULT_MAX_MODELS", "ScanSpec", "ScanSpecError", "count_models",
           "expand", "load_spec", "parse_spec", "ScanStore", "ScanStoreError",
           "export_summary", "summarize"]
