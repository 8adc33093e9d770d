"""`minsheng bench`: throughput, stage times, memory and start-up.

With `--corpus FOLDER` the corpus is that folder's articles as they are (the
national government work reports: `make reports`, docs/batch.md). Otherwise
the corpus is generated, seeded, from the sentences of the sample articles in
data/raw/ (each generated article draws on one sample, so it keeps that
sample's language), or, when data/raw/ has none, from the built-in Chinese
templates below. The measurements:

- start-up: a fresh `minsheng extract` process on one short Chinese article,
  from its start to its records, the faster of two runs;
- end to end: `run_batch` with one job (in-process, pipeline already built),
  reading, extracting and writing, in characters per second;
- stages: every stage timed separately, each spaCy component on its own;
- segmentation alone: pkuseg on the same texts, and the ratio of the end to
  end rate to it (how much the extraction costs beyond segmenting);
- with `jobs_compare`, the speed-up of two jobs over one: each a fresh
  process extracting the corpus, start-up, reading and writing included,
  the faster of two runs each;
- English length: one English sentence repeated into one paragraph of about
  40,000 and 170,000 characters, in characters per second, and the ratio of
  the long rate to the short (1.0: the cost of an article grows with its
  length, no faster).
"""
from __future__ import annotations

import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Iterator

from pipeline.core import records
from pipeline.core.metadata import analyze
from pipeline.core.normalize import normalize
from pipeline.core.read import ReadError, iter_inputs, read_document
from pipeline.core.write import ARTICLES, COMMITMENTS
from pipeline.run.batch import run_batch
from pipeline.run.extract import Result, extract_text
from pipeline.run.languages import nlp_for
from pipeline.run.tasks import Options, load_pipelines, peak_rss_mb
from pipeline.zh.nlp import chinese_nlp

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"
SEED = 20240302

# spaCy component names as the stages of the README's pipeline.
STAGE_NAMES = {"cue_ruler": "cues", "minsheng_entities": "recognize", "minsheng_ner": "ner",
               "minsheng_targets": "targets", "minsheng_linker": "link"}

_SENTENCE_END = re.compile(r"(?<=[。！？!?])|(?<=[.;])\s+|\n+")
_MIN_SENTENCE = 8  # shorter pieces are headings, bylines and list numbers
# A quotation's closing mark follows the 。 the split happens at.
_CLOSING = "」』”’）)"


@dataclass(frozen=True)
class BenchReport:
    corpus: str  # where the sentences came from
    articles: int
    chars: int
    seconds: float  # end to end, one job
    chars_per_s: float
    stages: dict[str, float]  # stage -> seconds over the corpus
    segment_only_chars_per_s: float
    ratio: float  # chars_per_s / segment_only_chars_per_s
    startup_s: float  # one short article, a fresh process: wall time
    startup_cpu_s: float  # the same in CPU time
    peak_rss_mb: float  # the one-job process (pipeline, corpus and results)
    jobs1_s: float | None = None  # a fresh process extracting the corpus with 1 job, start-up included
    jobs2_s: float | None = None  # the same with 2 jobs
    speedup_jobs2: float | None = None  # jobs1_s / jobs2_s
    worker_peak_rss_mb: float | None = None  # the largest of the two-job run's workers
    jobs2_identical: bool | None = None  # two jobs wrote the same bytes as one
    english_length_chars: tuple[int, ...] = ()  # one English article per size
    english_length_chars_per_s: tuple[float, ...] = ()
    english_length_ratio: float | None = None  # the longest article's rate / the shortest's

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)


# --------------------------------------------------------------------------
# Corpus
# --------------------------------------------------------------------------

_PLACES = ("太原市", "临汾市", "晋城市", "泽州县", "重庆市", "渝北区", "长治市", "大同市")
_NAMES = ("张华", "李明", "王丽芳", "陈志强", "刘建国", "赵敏", "孙伟", "周静")
_POSTS = (("人社局", "党组书记、局长"), ("教育局", "副局长"), ("卫健委", "主任"), ("民政局", "局长"),
          ("住建局", "副局长"), ("医保局", "党组书记"), ("文旅局", "局长"), ("体育局", "副局长"))
_TEMPLATES = (
    "{place}{agency}{title}{name}表示，今年将新增城镇就业{n}万人，开展职业技能培训{m}人次。",
    "{place}{agency}{title}{name}介绍，截至目前，全市已建成社区养老服务中心{k}个。",
    "记者从{place}{agency}获悉，{year}年全市累计发放创业担保贷款{n}亿元，带动就业{m}人。",
    "{name}强调，要坚持以人民为中心的发展思想，切实把民生实事办好办实。",
    "会议要求，各部门要聚焦群众急难愁盼问题，确保{k}项民生实事按期完成。",
    "下一步，{place}将新建改扩建中小学{k}所，新增公办学位{m}个以上。",
    "{place}{agency}负责人说，力争年内完成老旧小区改造{k}个，惠及居民{n}万户。",
    "今年以来，{place}城镇新增就业{n}万人，城镇调查失业率控制在5.5%以内。",
    "{place}计划投入资金{n}亿元，为65岁以上老年人提供免费健康体检。",
    "{title}{name}指出，要加快推进医养结合，新增养老床位{m}张。",
    "据了解，{place}已累计送戏下乡{k}场，惠及群众{m}人次。",
    "{place}政府将进一步完善社会救助体系，全年发放低保资金约{n}亿元。",
    "{place}{agency}将组织招聘活动{k}场，提供就业岗位{m}个左右。",
    "近年来，{place}持续加大公共文化服务投入，全民健身设施覆盖率达到{pct}%。",
)


def _template_sentence(rng: random.Random) -> str:
    agency, title = rng.choice(_POSTS)
    return rng.choice(_TEMPLATES).format(
        place=rng.choice(_PLACES), agency=agency, title=title, name=rng.choice(_NAMES),
        n=rng.choice((1.2, 3.5, 5, 6.8, 12, 64.8)), m=rng.randrange(200, 20000, 50),
        k=rng.randrange(3, 300), year=rng.choice((2022, 2023, 2024)), pct=rng.randrange(60, 100))


def source_sentences(source_dir: Path) -> list[list[str]]:
    """The sentences of each readable article in `source_dir`, one list per article."""
    if not source_dir.is_dir():
        return []
    found = []
    for path, doc_id in iter_inputs(source_dir):
        try:
            text = read_document(path, doc_id).text
        except ReadError:
            continue
        pieces = (piece.strip().lstrip(_CLOSING) for piece in _SENTENCE_END.split(text))
        sentences = [piece for piece in pieces if len(piece) >= _MIN_SENTENCE]
        if sentences:
            found.append(sentences)
    return found


def build_corpus(n_articles: int, seed: int = SEED, source_dir: Path = RAW) -> tuple[list[str], str]:
    """(articles, where their sentences came from): each article a headline,
    a dateline and a few paragraphs of sentences drawn at random."""
    rng = random.Random(seed)
    pools = source_sentences(source_dir)
    if pools:
        def sentence_source() -> Callable[[], str]:
            pool = rng.choice(pools)
            return lambda: rng.choice(pool)
        origin = str(source_dir)
    else:
        def sentence_source() -> Callable[[], str]:
            return lambda: _template_sentence(rng)
        origin = "built-in templates"
    return [_article(rng, sentence_source()) for _ in range(n_articles)], origin


def _article(rng: random.Random, sentence: Callable[[], str]) -> str:
    date = f"{rng.choice((2023, 2024))}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    paragraphs = [_paragraph(sentence, rng.randint(2, 4)) for _ in range(rng.randint(3, 6))]
    return "\n\n".join([sentence(), date, *paragraphs]) + "\n"


def _paragraph(sentence: Callable[[], str], count: int) -> str:
    # Chinese sentences run on without a space; English ones need one.
    parts = [sentence() for _ in range(count)]
    return "".join(p if p[-1] in "。！？" else p + " " for p in parts).rstrip()


# One sentence with an official, a speech verb, a plan and two targets,
# repeated into one paragraph: the stages read it all.
LENGTH_SENTENCE = ("Wang Jianguo, deputy director of the Municipal Human Resources and Social Security Bureau, "
                   "said that in 2024 the bureau will hold at least 300 recruitment fairs and train about "
                   "80,000 people. ")
LENGTH_SIZES = (40_000, 170_000)


def english_length_article(chars: int) -> str:
    """A headline and one paragraph of about `chars` characters."""
    repeats = -(-chars // len(LENGTH_SENTENCE))
    return "Employment services expand in Fenchuan\n\n" + (LENGTH_SENTENCE * repeats).rstrip() + "\n"


def read_corpus(folder: Path) -> list[str]:
    """The texts of every readable article in `folder`, as extraction reads
    them (`minsheng bench --corpus`: real text instead of a generated corpus)."""
    texts = []
    for path, doc_id in iter_inputs(folder):
        try:
            texts.append(read_document(path, doc_id).text)
        except ReadError:
            continue
    if not texts:
        raise ValueError(f"no readable articles in {folder}")
    return texts


def write_corpus(folder: Path, articles: list[str]) -> list[tuple[Path, str]]:
    items = []
    for index, text in enumerate(articles):
        path = folder / f"{index:05d}.txt"
        path.write_text(text, encoding="utf-8")
        items.append((path, path.name))
    return items


# --------------------------------------------------------------------------
# Measurements
# --------------------------------------------------------------------------

def startup_article(seed: int = SEED) -> str:
    """A short Chinese article (about 1,000 characters) from the built-in templates."""
    rng = random.Random(seed)
    return _article(rng, lambda: _template_sentence(rng))


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _checked(command: list[str], what: str) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds, stdout) of a fresh process running
    `command`; the CPU time, unlike the wall time, hardly moves when other
    programs share the cores."""
    cpu, started = _children_cpu(), time.perf_counter()
    run = subprocess.run(command, capture_output=True, text=True)
    seconds, cpu = time.perf_counter() - started, _children_cpu() - cpu
    if run.returncode:
        raise RuntimeError(f"{what} failed: {run.stderr.strip().splitlines()[-1:]}")
    return seconds, cpu, run.stdout


def startup_seconds(use_ner: bool = True, rounds: int = 2) -> tuple[float, float]:
    """(wall, CPU) seconds from the start of a fresh `minsheng extract`
    process to its records, for one short Chinese article: what a user
    waits for one file. The fastest of `rounds` runs, as for the jobs."""
    with tempfile.TemporaryDirectory(prefix="minsheng-startup-") as tmp:
        article = Path(tmp) / "article.txt"
        article.write_text(startup_article(), encoding="utf-8")
        command = [sys.executable, "-m", "pipeline.cli", "extract", str(article), "-o", str(Path(tmp) / "out"), "-q"]
        runs = [_checked(command + ([] if use_ner else ["--no-ner"]), "the start-up probe")[:2] for _ in range(rounds)]
        return min(runs)


# A fresh process extracting a folder as `minsheng extract` does; it prints
# the largest peak RSS of the processes that extracted (its workers, or itself).
_FRESH_RUN = ("import sys; from pathlib import Path; from pipeline.run.batch import Options, list_inputs, run_batch; "
              "s = run_batch(list_inputs(sys.argv[1], sys.stdin), Path(sys.argv[2]), "
              "Options(use_ner=sys.argv[3] == 'ner', jobs=int(sys.argv[4]))); print(s.peak_rss_mb)")


def fresh_run(folder: Path, out: Path, jobs: int, use_ner: bool = True) -> tuple[float, float]:
    """(wall seconds start-up included, peak RSS in MB of a worker) of a
    fresh process extracting `folder` into `out` with `jobs` jobs."""
    command = [sys.executable, "-c", _FRESH_RUN, str(folder), str(out), "ner" if use_ner else "no-ner", str(jobs)]
    seconds, _, printed = _checked(command, f"the {jobs}-job run")
    return seconds, float(printed.split()[-1])


def jobs_comparison(folder: Path, use_ner: bool = True, rounds: int = 2) -> dict:
    """The report's two-job figures: `folder/corpus` extracted by a fresh
    process with one job, then with two, `rounds` times in turn, each output
    compared byte for byte with the in-process run in `folder/jobs1`. The
    fastest run of each counts: another program on the machine can only
    slow a run down, and it slows a two-job run, which needs both cores
    free, the most."""
    runs: dict[int, list[tuple[float, float]]] = {1: [], 2: []}  # jobs -> (seconds, peak RSS)
    identical = True
    for _ in range(rounds):
        for jobs, done in runs.items():
            out = folder / f"fresh{jobs}"
            done.append(fresh_run(folder / "corpus", out, jobs, use_ner))
            identical = identical and _same_output(folder / "jobs1", out)
    one, two = (min(seconds for seconds, _ in runs[jobs]) for jobs in (1, 2))
    return {"jobs1_s": one, "jobs2_s": two, "speedup_jobs2": one / two,
            "worker_peak_rss_mb": max(peak for _, peak in runs[2]), "jobs2_identical": identical}


@contextmanager
def _timed(totals: Counter, stage: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    totals[stage] += time.perf_counter() - started


def timed_extract(source: str, doc_id: str, totals: Counter, use_ner: bool = True) -> Result:
    """extract_text with each stage's seconds added to `totals`: mirrors
    extract.prepare and extract_text step by step (tests/test_bench.py
    checks that the records come out the same)."""
    with _timed(totals, "normalize"):
        norm = normalize(source)
    nlp = nlp_for(norm.lang, use_ner)
    with _timed(totals, "layout"):
        layout = analyze(source, norm.text, norm.lang)
    with _timed(totals, "segment"):
        doc = nlp.make_doc(norm.text)
    doc._.source, doc._.lang, doc._.doc_id, doc._.layout = source, norm.lang, doc_id, layout
    for name, component in nlp.pipeline:
        with _timed(totals, STAGE_NAMES.get(name, name)):
            doc = component(doc)
    with _timed(totals, "records"):
        commitments = records.commitments(doc)
        article = records.article(doc, "", len(commitments))
    return Result(article, commitments)


def stage_seconds(texts: list[str], use_ner: bool = True) -> dict[str, float]:
    """Seconds per stage over `texts`."""
    totals: Counter = Counter()
    for index, source in enumerate(texts):
        timed_extract(source, f"{index:05d}.txt", totals, use_ner)
    return dict(totals)


def segment_only_seconds(texts: list[str], use_ner: bool = True) -> float:
    """pkuseg alone (the Chinese pipeline's tokenizer), on every text."""
    tokenizer = chinese_nlp(use_ner).tokenizer  # the loaded one: a second model would cost 800 MB
    started = time.perf_counter()
    for text in texts:
        tokenizer(text)
    return time.perf_counter() - started


def english_length_rates(sizes: tuple[int, ...] = LENGTH_SIZES, use_ner: bool = True) -> list[tuple[int, float]]:
    """(characters, characters per second) of one English article per size,
    extracted end to end with the pipeline already built."""
    rates = []
    for size in sizes:
        text = english_length_article(size)
        started = time.perf_counter()
        extract_text(text, "length.txt", use_ner)
        rates.append((len(text), len(text) / (time.perf_counter() - started)))
    return rates


def _same_output(a: Path, b: Path) -> bool:
    return all((a / name).read_bytes() == (b / name).read_bytes() for name in (COMMITMENTS, ARTICLES))


def run_bench(n_articles: int = 2000, jobs_compare: bool = False, use_ner: bool = True,
              source_dir: Path = RAW, corpus: Path | None = None) -> BenchReport:
    """The bench on a generated corpus of `n_articles`, or on the articles of
    the folder `corpus` as they are (then without the English length probe,
    which measures the generated case)."""
    if corpus is None:
        texts, origin = build_corpus(n_articles, source_dir=source_dir)
    else:
        texts, origin = read_corpus(corpus), str(corpus)
        n_articles = len(texts)
    chars = sum(len(t) for t in texts)
    startup, startup_cpu = startup_seconds(use_ner)
    load_pipelines(use_ner)
    with tempfile.TemporaryDirectory(prefix="minsheng-bench-") as tmp:
        folder = Path(tmp)
        (folder / "corpus").mkdir()
        items = write_corpus(folder / "corpus", texts)
        one = run_batch(items, folder / "jobs1", Options(use_ner=use_ner, jobs=1))
        rss = peak_rss_mb()  # before the stage pass holds its own Docs
        stages = stage_seconds(texts, use_ner)
        segment = segment_only_seconds(texts, use_ner)
        compared = jobs_comparison(folder, use_ner) if jobs_compare else {}
    lengths = english_length_rates(use_ner=use_ner) if corpus is None else []
    chars_per_s = chars / one.seconds
    segment_rate = chars / segment
    return BenchReport(
        corpus=origin, articles=n_articles, chars=chars, seconds=one.seconds, chars_per_s=chars_per_s,
        stages=stages, segment_only_chars_per_s=segment_rate, ratio=chars_per_s / segment_rate,
        startup_s=startup, startup_cpu_s=startup_cpu, peak_rss_mb=rss,
        **compared,
        english_length_chars=tuple(c for c, _ in lengths), english_length_chars_per_s=tuple(r for _, r in lengths),
        english_length_ratio=lengths[-1][1] / lengths[0][1] if lengths else None)


def render_text(report: BenchReport) -> str:
    total = sum(report.stages.values())
    lines = [
        f"corpus          {report.articles} articles, {report.chars:,} characters ({report.corpus})",
        f"end to end      {report.chars_per_s:,.0f} chars/s ({report.seconds:.1f} s, 1 job)",
        f"pkuseg alone    {report.segment_only_chars_per_s:,.0f} chars/s; ratio {report.ratio:.2f}",
        f"start-up        {report.startup_s:.1f} s (CPU {report.startup_cpu_s:.1f} s), one short article",
        f"peak RSS        {report.peak_rss_mb:,.0f} MB (1 job, in-process)",
    ]
    if report.speedup_jobs2 is not None:
        lines.append(f"2 jobs          speed-up {report.speedup_jobs2:.2f} (fresh processes: {report.jobs1_s:.1f} s "
                     f"with 1 job, {report.jobs2_s:.1f} s with 2), worker peak RSS "
                     f"{report.worker_peak_rss_mb:,.0f} MB, identical output: {report.jobs2_identical}")
    if report.english_length_chars:
        sizes = "; ".join(f"{c:,} chars {r:,.0f} chars/s" for c, r in zip(report.english_length_chars,
                                                                         report.english_length_chars_per_s))
        lines.append(f"English length  {sizes}; ratio {report.english_length_ratio:.2f}")
    lines.append("stages          seconds  chars/s  share")
    for stage, seconds in sorted(report.stages.items(), key=lambda item: -item[1]):
        lines.append(f"  {stage:12} {seconds:8.2f} {report.chars / seconds:8,.0f} {seconds / total:6.1%}")
    return "\n".join(lines) + "\n"
