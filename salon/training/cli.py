"""``salon model train|eval``: train the built-in model and evaluate it.

scikit-learn is imported inside the commands, so ``salon --help`` stays fast.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click

from salon.moderation.classifiers.base import Classifier
from salon.moderation.classifiers.linear import DEFAULT_MODEL_PATH
from salon.training.functional_eval import echo_report as echo_functional
from salon.training.functional_eval import functional_command

__all__ = ["model"]


data_option = click.option(
    "--data",
    "data",
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder with the datasets (shared/data).",
)


@click.group()
def model() -> None:
    """Train and evaluate the built-in moderation model."""


model.add_command(functional_command)


@model.command()
@data_option
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_MODEL_PATH,
    show_default=True,
    help="Where to write the model file.",
)
@click.option(
    "--no-mitigation", is_flag=True, help="Train without the identity-bias mitigation (for comparison)."
)
@click.option(
    "--teachers",
    "teachers",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Teacher-score cache from `salon model teach` (soft labels for the texts without a label).",
)
@click.option(
    "--linear-only", is_flag=True, help="Train only the linear stage (no PyTorch needed; no context.npz)."
)
@click.option("--epochs", type=click.IntRange(min=1), default=None, help="Context stage epochs.")
@click.option(
    "--written-weight",
    type=click.FloatRange(min=0.0),
    default=None,
    help="Weight of each written comment (salon/training/written_comments.jsonl) in both stages "
    "(default: TrainConfig's, the shipped model's).",
)
@click.option(
    "--context-seed",
    type=int,
    default=None,
    help="Seed of the context stage's initial weights and batch order (default: the fixed one).",
)
@click.option(
    "--word-vectors",
    "word_vectors",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Pretrained word vectors from `salon model word-vectors` for the context stage.",
)
@click.option("--quiet", is_flag=True, help="No progress bars.")
def train(
    data: Path,
    out: Path,
    no_mitigation: bool,
    teachers: Path | None,
    linear_only: bool,
    epochs: int | None,
    written_weight: float | None,
    context_seed: int | None,
    word_vectors: Path | None,
    quiet: bool,
) -> None:
    """Train on the training splits under DATA and write the model files.

    The linear stage goes to OUT and the context stage beside it as context.npz; the context
    stage needs PyTorch at training time (pip install -e '.[train-context]').
    """
    from salon.training.datasets import load_all
    from salon.training.train import TrainConfig, fit, save

    if not linear_only:
        try:
            import torch  # noqa: F401
        except ImportError as exc:
            raise click.ClickException(
                "the context stage trains with PyTorch: pip install -e '.[train-context]' "
                "(or pass --linear-only to train the linear stage alone)"
            ) from exc
    rows, _ = load_all(data, mitigation=not no_mitigation)
    soft = None
    if teachers is not None:
        from salon.training.build import teacher_targets
        from salon.training.teacher_cache import load_teacher_scores

        soft = teacher_targets(rows, load_teacher_scores(teachers))
        click.echo(f"teachers' soft labels for {int((soft == soft).any(axis=1).sum())} of {len(rows)} texts")
    cfg = TrainConfig(mitigation=not no_mitigation, progress=not quiet)
    if written_weight is not None:
        cfg = replace(cfg, written_weight=written_weight)
    click.echo(f"training on {len(rows)} texts")
    if linear_only:
        trained = fit(rows, cfg, soft=soft)
        save(trained, out)
    else:
        from salon.training.build import build
        from salon.training.context import ContextConfig

        knobs: dict[str, int] = {"epochs": epochs} if epochs else {}
        if context_seed is not None:
            knobs["seed"] = context_seed
        context_cfg = ContextConfig(progress=not quiet, **knobs)
        from salon.training.word_vectors import load_word_vectors

        vectors = load_word_vectors(word_vectors) if word_vectors is not None else None
        if vectors is not None:
            click.echo(f"word vectors: {len(vectors.words)} words from {vectors.source}")
        result = build(
            rows,
            out,
            out.with_name("context.npz"),
            soft,
            cfg,
            context_cfg,
            echo=click.echo,
            word_vectors=vectors,
        )
        trained = result.linear
        click.echo(f"wrote {out.with_name('context.npz')} (context stage {result.context_version})")
    size = out.stat().st_size / 1e6
    click.echo(f"wrote {out} ({size:.1f} MB, {len(trained.vocabulary)} features, version {trained.version})")
    suggested = ", ".join(f"{c}={t:.2f}" for c, t in zip(_categories(), trained.thresholds, strict=True))
    click.echo(f"suggested hold thresholds (precision 0.8 on the calibration split): {suggested}")


@model.command("eval")
@data_option
@click.option(
    "--model",
    "model_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Linear-stage model file (default: the shipped one); a context.npz beside it is used too.",
)
@click.option("--record-functional", is_flag=True, help="Record the functional suite's figures as floors.")
def evaluate_cmd(data: Path, model_path: Path | None, record_functional: bool) -> None:
    """Evaluate a model on the held-out test splits under DATA and print a table."""
    from salon.moderation.classifiers.staged import load_builtin
    from salon.training.comment_datasets import semeval_spans
    from salon.training.datasets import load_all
    from salon.training.evaluate import evaluate, format_report, span_f1

    clf = load_builtin(model_path)
    _, test = load_all(data)
    click.echo(f"model {clf.version}, {len(test)} held-out texts")
    click.echo(format_report(evaluate(clf, test)))
    if (data / "toxic-spans-civil-comments").is_dir():
        spans = semeval_spans(data, "test")
        click.echo(
            f"span F1 on the SemEval-2021 toxic-spans test split ({len(spans)} texts): "
            f"{span_f1(clf, spans):.3f}"
        )
    _echo_speed_and_size(clf, [ex.text for ex in test], model_path)
    click.echo("")
    echo_functional(clf, record=record_functional)


def _echo_speed_and_size(clf: Classifier, texts: list[str], model_path: Path | None) -> None:
    """Throughput and latency on the test texts (made unique, so no cache flatters them), and
    the size of the model files."""
    from salon.moderation.classifiers.context import DEFAULT_CONTEXT_PATH
    from salon.training import speed

    unique = speed.unique(texts[:6000], min(len(texts), 6000))
    clf.analyze(unique[:256])
    run = speed.batched(clf, unique)
    latency = speed.single(clf, [t + " single" for t in unique[:1000]])
    linear = model_path or DEFAULT_MODEL_PATH
    files = [linear, linear.with_name("context.npz") if model_path else DEFAULT_CONTEXT_PATH]
    click.echo(
        f"speed on {len(unique)} test texts: {run.cpu:,.0f} comments per CPU second in batches of 256 "
        f"({run.wall:,.0f}/s wall); one comment alone p50 {latency.p50:.2f} ms, p99 {latency.p99:.2f} ms "
        "(bench/bench_classifier.py for the benchmark)"
    )
    click.echo(
        f"model files: {speed.files_mb(files):.1f} MB ({', '.join(p.name for p in files if p.is_file())})"
    )


@model.command()
@data_option
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The teacher-score cache (.npz) to create or extend.",
)
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Score only the first N texts.")
@click.option("--batch-size", type=click.IntRange(min=1), default=256, show_default=True)
@click.option(
    "--threads", type=click.IntRange(min=1), default=2, show_default=True, help="TensorFlow threads."
)
@click.option("--quiet", is_flag=True, help="No progress bars.")
def teach(data: Path, out: Path, limit: int | None, batch_size: int, threads: int, quiet: bool) -> None:
    """Score every training text with the Jigsaw teachers (needs the `teachers` extra) into a cache."""
    from salon.training import teachers

    try:
        report = teachers.teach(
            data, out, limit=limit, batch_size=batch_size, threads=threads, progress=not quiet
        )
    except teachers.TeachersUnavailable as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{report.texts} texts ({report.cached} were cached) in {report.seconds:.0f} s; wrote {out}")
    for line in teachers.agreement(data, out):
        click.echo(line)


@model.command("word-vectors")
@data_option
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The word-vector cache (.npz) to write.",
)
@click.option(
    "--words",
    "words_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="More words to embed, one per line (a dictionary, e.g. /usr/share/dict/words).",
)
@click.option("--quiet", is_flag=True, help="No progress.")
def word_vectors_command(data: Path, out: Path, words_file: Path | None, quiet: bool) -> None:
    """Embed the training vocabulary with a pretrained encoder (needs the `train-embeddings` extra)
    into a cache for `salon model train --word-vectors` (about a minute)."""
    import time

    from salon.training.datasets import load_all
    from salon.training.word_vectors import EncoderUnavailable, build_word_vectors, save_word_vectors

    rows, _ = load_all(data)
    started = time.monotonic()

    def progress(done: int, total: int) -> None:
        if not quiet and (done == total or done % 4096 < 512):
            click.echo(f"  {done:,} of {total:,} words ({time.monotonic() - started:.0f} s)")

    try:
        extra = words_file.read_text(encoding="utf-8").split() if words_file is not None else []
        vectors = build_word_vectors([ex.text for ex in rows], progress, extra_words=extra)
    except EncoderUnavailable as exc:
        raise click.ClickException(str(exc)) from exc
    save_word_vectors(vectors, out)
    click.echo(f"{len(vectors.words):,} words, {vectors.vectors.shape[1]} dimensions; wrote {out}")


def _categories() -> tuple[str, ...]:
    from salon.moderation.classifiers.base import CATEGORIES

    return CATEGORIES
