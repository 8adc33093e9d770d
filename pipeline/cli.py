"""The `minsheng` command: a thin shell over `pipeline.extract`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline.segment import SetupError


def _extract(args: argparse.Namespace) -> int:
    from pipeline.extract import run

    if not args.input.exists():
        print(f"minsheng: input not found: {args.input}", file=sys.stderr)
        return 2
    summary = run(args.input, args.output, use_ner=not args.no_ner)
    if not args.quiet:
        print(f"{summary.files} files, {summary.commitments} commitments, {summary.errors} errors, "
              f"{summary.seconds:.1f} s", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="minsheng", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="extract commitments from a folder of articles")
    ex.add_argument("input", type=Path, help="a folder of articles or one file")
    ex.add_argument("-o", "--output", type=Path, required=True, help="folder for the JSON Lines output")
    ex.add_argument("--no-ner", action="store_true", help="rules only")
    ex.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    ex.set_defaults(func=_extract)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except SetupError as e:
        print(f"minsheng: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
