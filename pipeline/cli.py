"""The `minsheng` command: a thin shell over `pipeline.run.extract`."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from pipeline.core.doc import SetupError


def _extract(args: argparse.Namespace) -> int:
    from pipeline.run.batch import (
        BatchError,
        Options,
        ProgressBar,
        list_inputs,
        run_batch,
    )

    options = Options(use_ner=not args.no_ner, jobs=args.jobs, resume=args.resume,
                      engine=args.engine, scheduler=args.scheduler)
    progress = ProgressBar(sys.stderr) if sys.stderr.isatty() and not args.quiet else None
    try:
        summary = run_batch(list_inputs(str(args.input), sys.stdin), args.output, options, progress)
    except BatchError as e:
        print(f"minsheng: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nminsheng: interrupted; finished files are journaled: rerun with --resume", file=sys.stderr)
        return 130
    if not args.quiet:
        kept = f" ({summary.kept} kept from the previous run)" if summary.kept else ""
        print(f"{summary.files} files, {summary.commitments} commitments, {summary.errors} errors, "
              f"{summary.seconds:.1f} s{kept}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="minsheng", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="extract commitments from a folder of articles")
    ex.add_argument("input", type=Path,
                    help="a folder of articles, one file, or - for a list of paths on standard input")
    ex.add_argument("-o", "--output", type=Path, required=True, help="folder for the JSON Lines output")
    ex.add_argument("--no-ner", action="store_true", help="rules only")
    ex.add_argument("-q", "--quiet", action="store_true", help="no progress bar, no summary line")
    ex.add_argument("-j", "--jobs", type=_positive_int, default=os.cpu_count() or 1,
                    help="worker processes (default: one per CPU); 1 runs in-process")
    ex.add_argument("--resume", action="store_true",
                    help="keep the rows of files already extracted without error (same bytes, same doc_id)")
    ex.add_argument("--engine", choices=("local", "dask"), default="local",
                    help="local processes, or a Dask cluster (needs minsheng[dask])")
    ex.add_argument("--scheduler", metavar="ADDRESS",
                    help="Dask scheduler address (default: start a local cluster of --jobs workers)")
    ex.set_defaults(func=_extract)
    _add_batch_commands(sub)
    _add_review_commands(sub)
    _add_reports_commands(sub)
    _add_train_command(sub)
    _add_track_command(sub)
    _add_ner_eval_command(sub)
    return parser


# --------------------------------------------------------------------------- text, bench
# text and bench: shells over pipeline.core.read and pipeline.tools.bench (docs/batch.md).

def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return number


def _text(args: argparse.Namespace) -> int:
    from pipeline.core.read import ReadError, read_document

    try:
        document = read_document(args.file, args.file.name)
    except ReadError as e:
        print(f"minsheng: {args.file}: {e}", file=sys.stderr)
        return 2
    sys.stdout.write(document.text)
    return 0


def _bench(args: argparse.Namespace) -> int:
    from pipeline.tools.bench import render_text, run_bench

    if args.corpus is not None and _missing_folders(args.corpus):
        return 2
    try:
        report = run_bench(args.articles, jobs_compare=args.jobs_compare, use_ner=not args.no_ner, corpus=args.corpus)
    except ValueError as e:  # a folder without readable articles
        print(f"minsheng: {e}", file=sys.stderr)
        return 2
    sys.stdout.write(report.to_json() + "\n" if args.json else render_text(report))
    return 0


def _add_batch_commands(sub) -> None:
    tx = sub.add_parser("text", help="print a file's text as extraction reads it (spans index this text)")
    tx.add_argument("file", type=Path, help="a .txt, .md or .html file")
    tx.set_defaults(func=_text)

    bn = sub.add_parser("bench", help="measure throughput, stage times, memory and start-up on a generated corpus")
    bn.add_argument("--articles", type=_positive_int, default=2000, help="corpus size (default 2000)")
    bn.add_argument("--json", action="store_true", help="one JSON object instead of a table")
    bn.add_argument("--jobs-compare", action="store_true", help="also run with 2 jobs and report the speed-up")
    bn.add_argument("--no-ner", action="store_true", help="rules only")
    bn.add_argument("--corpus", type=Path, metavar="FOLDER",
                    help="bench the articles of FOLDER as they are instead of a generated corpus")
    bn.set_defaults(func=_bench)


# --------------------------------------------------------------------------- review tools
# diff, eval, review and schema: shells over pipeline.tools.diff, pipeline.tools.evaluate,
# pipeline.tools.review and schemas.export.

def _missing_folders(*folders: Path) -> bool:
    missing = [f for f in folders if not f.is_dir()]
    for folder in missing:
        print(f"minsheng: not a folder: {folder}", file=sys.stderr)
    return bool(missing)


def _diff(args: argparse.Namespace) -> int:
    from pipeline.tools.diff import diff_runs, render_json, render_markdown, render_text

    if _missing_folders(args.old, args.new):
        return 2
    result = diff_runs(args.old, args.new)
    if args.format == "json":
        sys.stdout.write(render_json(result))
    elif args.format == "markdown":
        sys.stdout.write(render_markdown(result))
    else:
        sys.stdout.write(render_text(result, color=sys.stdout.isatty()))
    return 1 if args.fail_on_change and result.has_changes else 0


def _eval(args: argparse.Namespace) -> int:
    from pipeline.tools.evaluate import EvalError, evaluate, render_json, render_kinds, render_text

    if _missing_folders(args.output_dir, args.gold, args.source):
        return 2
    try:
        result = evaluate(args.output_dir, args.gold, args.source)
    except EvalError as e:
        print(f"minsheng: {e}", file=sys.stderr)
        return 2
    if args.verbose:  # on stderr, so that --format json stays parseable
        for line in result.log:
            print(line, file=sys.stderr)
    if args.by_kind:
        figures = {"all": result.figures, "kinds": result.kinds}
        sys.stdout.write(render_json(figures) if args.format == "json" else render_kinds(result.kinds, result.figures))
    else:
        sys.stdout.write(render_json(result.figures) if args.format == "json" else render_text(result.figures))
    return 0


def _review(args: argparse.Namespace) -> int:
    from pipeline.tools.review import write_review

    if _missing_folders(args.output_dir, args.source):
        return 2
    write_review(args.output_dir, args.source, args.html)
    print(f"wrote {args.html}", file=sys.stderr)
    return 0


def _schema(args: argparse.Namespace) -> int:
    from schemas.export import schema_text

    sys.stdout.write(schema_text(args.which))
    return 0


def _add_review_commands(sub) -> None:
    df = sub.add_parser("diff", help="compare two runs' outputs record by record")
    df.add_argument("old", type=Path, help="output folder of the earlier run")
    df.add_argument("new", type=Path, help="output folder of the later run")
    df.add_argument("--format", choices=("text", "markdown", "json"), default="text",
                    help="text (coloured on a terminal), markdown (for a pull request) or json")
    df.add_argument("--fail-on-change", action="store_true", help="exit 1 when anything differs")
    df.set_defaults(func=_diff)

    ev = sub.add_parser("eval", help="score an output folder against gold files")
    ev.add_argument("output_dir", type=Path, help="folder with commitments.jsonl and articles.jsonl")
    ev.add_argument("--gold", type=Path, required=True, help="folder of <doc_id>.json gold files")
    ev.add_argument("--source", type=Path, required=True, help="the folder the output was extracted from")
    ev.add_argument("--format", choices=("text", "json"), default="text")
    ev.add_argument("-v", "--verbose", action="store_true", help="list every miss and extra (on stderr)")
    ev.add_argument("--by-kind", action="store_true",
                    help="figures per kind of article, the file name before its first number (presser_01.txt -> presser)")
    ev.set_defaults(func=_eval)

    rv = sub.add_parser("review", help="write one HTML page showing the records in their articles")
    rv.add_argument("output_dir", type=Path, help="folder with commitments.jsonl and articles.jsonl")
    rv.add_argument("--source", type=Path, required=True, help="the folder the output was extracted from")
    rv.add_argument("-o", "--output", dest="html", type=Path, default=Path("review.html"),
                    help="the page to write (default review.html)")
    rv.set_defaults(func=_review)

    sc = sub.add_parser("schema", help="print the JSON Schema of the output records")
    sc.add_argument("--which", choices=("commitment", "article", "track", "official"), default="commitment")
    sc.set_defaults(func=_schema)


# --------------------------------------------------------------------------- reports
# reports: a shell over pipeline.tools.reports (the work reports as a development corpus).

def _reports(args: argparse.Namespace) -> int:
    from pipeline.tools.reports import ReportsError, write_reports

    try:
        written = write_reports(args.corpus, args.output, args.first, args.last)
    except (OSError, ReportsError) as e:
        print(f"minsheng: {e}", file=sys.stderr)
        return 2
    print(f"{len(written)} reports written to {args.output}", file=sys.stderr)
    return 0


def _reports_check(args: argparse.Namespace) -> int:
    from pipeline.tools.reports import check_figures, read_figures

    checked = check_figures(args.run, read_figures(args.figures))
    for figure, problem in checked:
        if problem:
            print(f"{figure.year} {figure.text}: {problem}")
    right = sum(1 for _, problem in checked if problem is None)
    print(f"{right}/{len(checked)} figures right (value, comparator, metric, modality)")
    return 0 if right == len(checked) or not args.strict else 1


def _add_reports_commands(sub) -> None:
    rp = sub.add_parser("reports", help="turn the government work reports' JSON Lines into articles")
    rp.add_argument("corpus", type=Path, help="government_work_reports.jsonl")
    rp.add_argument("-o", "--output", type=Path, required=True, help="folder for the articles")
    rp.add_argument("--from", dest="first", type=int, default=2008, help="first year (default 2008)")
    rp.add_argument("--to", dest="last", type=int, default=2025, help="last year (default 2025)")
    rp.set_defaults(func=_reports)
    rc = sub.add_parser("reports-check", help="which listed figures an extraction of the reports got right")
    rc.add_argument("run", type=Path, help="the extraction's output folder")
    rc.add_argument("--figures", type=Path, default=Path("data/dev/reports_employment.tsv"),
                    help="the figures a reader listed (default data/dev/reports_employment.tsv)")
    rc.add_argument("--strict", action="store_true", help="exit 1 unless every figure is right")
    rc.set_defaults(func=_reports_check)


# --------------------------------------------------------------------------- train
# train: a shell over pipeline.tools.train (the statistical NER stage, docs/ner.md).

def _train(args: argparse.Namespace) -> int:
    from pipeline.tools.train import LABELS, train
    from pipeline.zh.ner import MODEL_DIR

    out = args.out or MODEL_DIR
    metrics = train(out, seed=args.seed, validation=args.validation, log=lambda line: print(line, file=sys.stderr))
    if "cluener_validation" in metrics:
        print("CLUENER validation F1 " + "  ".join(f"{k} {v['f']:.3f}" for k, v in
                                                  metrics["cluener_validation"]["per_label"].items()), file=sys.stderr)
    print("CLUENER dev F1 " + "  ".join(f"{k} {v:.3f}" for k, v in metrics["cluener_dev"].items()), file=sys.stderr)
    held_out = metrics["held_out"]["all"]
    for label in LABELS:
        s = held_out["per_label"].get(label)
        if s:
            print(f"{label:7} P {s['p']:.3f}  R {s['r']:.3f}  F1 {s['f']:.3f}", file=sys.stderr)
    print(f"held-out sentences {held_out['n']}, {metrics['training_seconds']:.0f} s; "
          f"model and metrics.json in {out}", file=sys.stderr)
    return 0


def _add_train_command(sub) -> None:
    tr = sub.add_parser("train", help="build the NER corpus and train the Chinese NER stage")
    tr.add_argument("--out", type=Path, default=None, help="folder for the model (default models/zh_ner)")
    tr.add_argument("--seed", type=int, default=0, help="seed for the template sentences and the held-out split")
    tr.add_argument("--validation", type=int, nargs="?", const=1600, default=0, metavar="N",
                    help="hold out N CLUENER train sentences (default 1600) and score them: the split to choose "
                         "features and settings on, not CLUENER dev")
    tr.set_defaults(func=_train)


# --------------------------------------------------------------------------- ner-eval
# ner-eval: a shell over pipeline.tools.ner_eval (docs/ner.md).

def _ner_eval(args: argparse.Namespace) -> int:
    import json

    from pipeline.tools.ner_eval import evaluate_file, render
    from pipeline.zh.ner import MODEL_DIR, model_available

    model_dir = args.model or MODEL_DIR
    if not model_available(model_dir):
        print(f"minsheng: no trained model in {model_dir}: run `minsheng train`", file=sys.stderr)
        return 2
    result = evaluate_file(args.file, model_dir)
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else render(result))
    return 0


def _add_ner_eval_command(sub) -> None:
    ne = sub.add_parser("ner-eval", help="score the NER model on a file in CLUENER2020 format")
    ne.add_argument("file", type=Path, help="one JSON object a line: text and label (CLUENER2020)")
    ne.add_argument("--json", action="store_true", help="print the scores as JSON")
    ne.add_argument("--model", type=Path, default=None, help="model folder (default models/zh_ner)")
    ne.set_defaults(func=_ner_eval)


# --------------------------------------------------------------------------- track
# track: a shell over pipeline.tools.track (pledges paired with outcomes, officials; docs/track.md).

def _track(args: argparse.Namespace) -> int:
    from pipeline.tools.track import check_pairs, read_pairs, run_track

    if _missing_folders(args.run):
        return 2
    out = args.output or args.run
    tracks, officials = run_track(args.run, out, args.source)
    paired = sum(1 for t in tracks if t.outcome)
    print(f"{len(tracks)} pledges, {paired} paired with an outcome; {len(officials)} officials; "
          f"tracks.jsonl, officials.jsonl and track.html in {out}", file=sys.stderr)
    if args.check is None:
        return 0
    checked = check_pairs([t.model_dump(mode="json") for t in tracks], read_pairs(args.check))
    for pair, problem in checked:
        if problem:
            print(f"{pair.pledge_doc} {pair.metric} {pair.pledge_value}: {problem}")
    right = sum(1 for _, problem in checked if problem is None)
    print(f"{right}/{len(checked)} pairs right (outcome, value, verdict, gap)")
    return 0


def _add_track_command(sub) -> None:
    tk = sub.add_parser("track", help="pair pledges with later outcomes and index officials across articles")
    tk.add_argument("run", type=Path, help="an extraction's output folder (commitments.jsonl, articles.jsonl)")
    tk.add_argument("-o", "--output", type=Path, default=None, help="folder for the output (default: RUN)")
    tk.add_argument("--source", type=Path, default=None,
                    help="the folder the run was extracted from: periods are then read from the text before each figure")
    tk.add_argument("--check", type=Path, default=None, metavar="PAIRS.tsv",
                    help="compare with a table of known pairs (data/dev/track_pairs.tsv)")
    tk.set_defaults(func=_track)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except SetupError as e:
        print(f"minsheng: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
