"""Command line: ``symrg derive | report | reproduce``.

Every user error (bad model file, bad option, unwritable output) prints one line
``symrg: error: ...`` on stderr and exits with status 2, without a traceback.
"""

import argparse
import sys

from .errors import SymRGError
from .fixedpoints import DIGITS_RANGE
from .model import DEFAULT_MAX_STATES, load_model

__all__ = ["main", "build_parser"]

MIN_DIGITS, MAX_DIGITS = DIGITS_RANGE


def _digits(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}") from None
    if not MIN_DIGITS <= value <= MAX_DIGITS:
        raise argparse.ArgumentTypeError(
            f"expected {MIN_DIGITS} <= digits <= {MAX_DIGITS}, got {value}")
    return value


def _positive(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value}")
    return value


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors: ``symrg: error: ...`` and exit status 2."""

    def error(self, message):
        self.exit(2, f"symrg: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="symrg", description="Exact RG analysis of discrete deep networks (DNA).")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def common(p):
        p.add_argument("--digits", type=_digits, default=50,
                       help="significant digits of numerical results (default 50)")
        p.add_argument("--max-states", type=_positive, default=DEFAULT_MAX_STATES,
                       help=f"largest bond-weight matrix accepted (default {DEFAULT_MAX_STATES})")
        p.add_argument("-q", "--quiet", action="store_true", help="no progress lines")

    d = sub.add_parser("derive", help="derive the RG analysis of a model file and summarise it")
    d.add_argument("model", help="model file (TOML)")
    d.add_argument("--json", metavar="FILE", help="write the derivation record as JSON")
    common(d)
    r = sub.add_parser("report", help="write NAME.tex, NAME.json and NAME.pdf for a model")
    r.add_argument("model", help="model file (TOML)")
    r.add_argument("-o", "--output", default="reports", help="output directory (default reports/)")
    r.add_argument("--no-pdf", action="store_true", help="skip compiling the PDF")
    common(r)
    p = sub.add_parser("reproduce", help="derive the paper and the other seeds; write reports")
    p.add_argument("-o", "--output", default="reports", help="output directory (default reports/)")
    p.add_argument("--no-pdf", action="store_true", help="skip compiling the PDFs")
    common(p)
    return parser


def _summary(record) -> str:
    model = record["model"]
    lines = [
        f"{model['name']}",
        f"  width N = {model['width']}, data L = {model['data']}, norm q = {model['norm']}, "
        f"depth ratio p = {model['scale']}",
        f"  values: W = {model['values']['W']}, b = {model['values']['b']}, h = {model['values']['h']}",
        f"  activation: {model['activation']['name']}, outputs sigma = "
        f"{sorted({v for v in model['activation']['table'].values()}, key=_numeric_key)}",
        f"  states: {len(record['states']['h'])} h-configurations x "
        f"{len(record['states']['sigma'])} sigma-configurations",
        f"  count matrix Omega: {record['count_matrix'] if len(record['count_matrix']) <= 8 else '...'}",
        f"  couplings: {record['coupling_count']['symmetric']} "
        f"(permutation-symmetric; {record['coupling_count']['full']} without symmetry): "
        f"{', '.join(record['couplings'][:12])}{' ...' if len(record['couplings']) > 12 else ''}",
        "  RG map (Eq. 27):",
    ]
    for name, expr in list(record["rg_map"].items())[:6]:
        text = expr if len(expr) < 400 else expr[:400] + " ..."
        lines.append(f"    {name}' = {text}")
    if len(record["rg_map"]) > 6:
        lines.append(f"    ... ({len(record['rg_map']) - 6} more in the JSON record)")
    lines.extend(_fixed_point_lines(record))
    for entry in record.get("paper_comparison", []):
        verdict = "agrees" if entry["agrees"] else "DIFFERS"
        lines.append(f"  paper Eq. {entry['equation']}: {verdict} - {entry['detail']}")
    return "\n".join(lines)


def _numeric_key(text):
    """Sort key for exact numeric strings such as "-1/2" (no eval)."""
    num, _, den = str(text).partition("/")
    return int(num) / int(den or 1)


def _fixed_point_lines(record):
    fp = record.get("fixed_points")
    if not fp:
        return []
    lines = [f"  fixed points ({'complete' if fp['complete'] else 'completeness not proven'}; "
             f"{fp['method']}; {record['digits']} digits):"]
    for point in fp["points"]:
        kind = point["kind"]
        phys = "physical" if point["physical"] else "fictitious"
        if kind == "family":
            equations = "; ".join(point["equations"])
            if len(equations) > 300:
                equations = equations[:300] + f" ... ({len(point['equations'])} equations)"
            lines.append(f"    family, dimension {point['dimension']} ({phys}): {equations}")
        else:
            coup = ", ".join(f"{k} = {v}" for k, v in point["couplings"].items())
            lines.append(f"    isolated ({phys}): {coup}; eigenvalues "
                         + ", ".join(point.get("eigenvalues", [])))
    for rej in fp.get("rejected", []):
        lines.append(f"    rejected candidate {rej['candidate']}: {rej['reason']}")
    return lines


def _cmd_derive(args):
    from .derive import DERIVE_STAGES, Progress, derive_record
    model = load_model(args.model, max_states=args.max_states)
    record = derive_record(model, digits=args.digits, progress=Progress(DERIVE_STAGES, args.quiet))
    if args.json:
        from .report.io import atomic_write_text
        from .report.render import record_json
        atomic_write_text(args.json, record_json(record))
    print(_summary(record))
    return 0


def _cmd_report(args):
    from .reproduce import report_model
    model = load_model(args.model, max_states=args.max_states)
    paths = report_model(model, args.output, digits=args.digits, pdf=not args.no_pdf,
                         quiet=args.quiet)
    for kind, path in paths.items():
        print(f"{kind}: {path}")
    return 0


def _cmd_reproduce(args):
    from .reproduce import reproduce
    written = reproduce(args.output, digits=args.digits, pdf=not args.no_pdf, quiet=args.quiet)
    for name, paths in written.items():
        print(f"{name}:")
        for kind, path in paths.items():
            print(f"  {kind}: {path}")
    return 0


_COMMANDS = {"derive": _cmd_derive, "report": _cmd_report, "reproduce": _cmd_reproduce}


def main(argv=None) -> int:
    """Entry point of the ``symrg`` console script; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except (SymRGError, OSError) as exc:
        message = str(exc) if isinstance(exc, SymRGError) else f"{exc.strerror}: {exc.filename}"
        print(f"symrg: error: {message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("symrg: interrupted; files already written are intact", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
