"""LaTeX reports: a derivation record -> jinja2 -> .tex -> pdflatex -> PDF.

Presentation only: every value shown comes from the record, which is the same
data as the JSON output.  See :mod:`symrg.report.latex` for the template language
and its escaping rules.
"""

from .compile import compile_pdf, latexmk_available
from .figures import figure_plan, write_figures
from .io import (atomic_write_text, check_output_directory, check_output_file,
                 report_directory, report_stem, slugify)
from .latex import TeX, escape_latex, get_environment, make_environment
from .render import SECTION_ORDER, record_json, render_report, write_report

__all__ = [
    "SECTION_ORDER", "render_report", "record_json", "write_report", "compile_pdf",
    "latexmk_available", "atomic_write_text", "slugify", "report_stem", "report_directory",
    "check_output_file", "check_output_directory", "TeX", "escape_latex",
    "get_environment", "make_environment", "figure_plan", "write_figures",
]
