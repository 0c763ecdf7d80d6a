"""Score a classifier on the functional suite (functional.py) and keep its recorded figures.

A case counts as held when the classifier phase would hold it with the default policy on some
category a person can be hurt by (every category except spam): the same ``over`` test against
the same ``Policy`` thresholds the phase uses.  Accuracy is the share of cases where held-or-not
matches the case's label, per functionality, per target group and overall (every case counts
once).  ``functional_floors.json`` records the shipped model's figures;
tests/moderation/test_functional_suite.py fails when the shipped model falls below them, and
``salon model functional --record`` (or ``salon model eval --record-functional``) re-records
them after a retrain.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from salon.moderation.classifiers.base import Classifier
from salon.training.functional import FUNCTIONALITIES, Case, suite

__all__ = [
    "FLOORS_PATH",
    "TOLERANCE",
    "Result",
    "Row",
    "below_floors",
    "format_table",
    "functional_command",
    "is_held",
    "load_floors",
    "record_floors",
    "run",
]

#: The shipped model's recorded figures.
FLOORS_PATH = Path(__file__).with_name("functional_floors.json")
#: Room for float noise between machines, not for a worse model.
TOLERANCE = 0.02
_BATCH = 256


def is_held(scores: Mapping[str, float], policy: Any = None) -> bool:
    """Whether the classifier phase holds (or rejects) these scores on a category other than spam."""
    from salon.moderation.phases.classifier import over
    from salon.moderation.policy import ABUSE_CATEGORIES, Policy

    flagged = over(dict(scores), policy if policy is not None else Policy(), reject=False)
    return any(category in ABUSE_CATEGORIES for category, _, _ in flagged)


@dataclass(frozen=True)
class Row:
    """Accuracy on one functionality or one target group."""

    name: str
    held: bool | None  # the functionality's label; None for a group (mixed labels)
    n: int
    correct: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.n if self.n else float("nan")


@dataclass(frozen=True)
class Result:
    """What a classifier did with each case."""

    model: str
    cases: tuple[Case, ...]
    held: tuple[bool, ...]

    @property
    def overall(self) -> float:
        return self._correct(range(len(self.cases))) / len(self.cases)

    def _correct(self, idx: Sequence[int] | range) -> int:
        return sum(self.held[k] == self.cases[k].held for k in idx)

    def functionalities(self) -> list[Row]:
        rows = []
        for name, (held, _) in FUNCTIONALITIES.items():
            idx = [k for k, c in enumerate(self.cases) if c.functionality == name]
            if idx:
                rows.append(Row(name, held, len(idx), self._correct(idx)))
        return rows

    def groups(self) -> list[Row]:
        keys = sorted({c.target for c in self.cases if c.target is not None})
        rows = []
        for key in keys:
            idx = [k for k, c in enumerate(self.cases) if c.target == key]
            rows.append(Row(key, None, len(idx), self._correct(idx)))
        return rows

    def rate(self, label: bool) -> float:
        """Share of the cases with this label that were held (recall for True, slip for False)."""
        idx = [k for k, c in enumerate(self.cases) if c.held == label]
        return sum(self.held[k] for k in idx) / len(idx) if idx else float("nan")

    def misses(self) -> list[Case]:
        return [c for c, h in zip(self.cases, self.held, strict=True) if c.held != h]


def _version(classifier: Classifier) -> str:
    try:
        return f"{classifier.name}:{classifier.version}"
    except Exception:  # a classifier that cannot say still gets scored
        return "unknown"


def run(classifier: Classifier, cases: Sequence[Case] | None = None, policy: Any = None) -> Result:
    """Score ``cases`` (default: the whole suite) with ``classifier`` under ``policy`` (default)."""
    from salon.moderation.scoring import checked

    chosen = tuple(suite() if cases is None else cases)
    held: list[bool] = []
    for start in range(0, len(chosen), _BATCH):
        batch = chosen[start : start + _BATCH]
        held.extend(is_held(a.scores, policy) for a in checked(classifier, [c.text for c in batch]))
    return Result(_version(classifier), chosen, tuple(held))


def format_table(result: Result, floors: Mapping[str, Any] | None = None) -> str:
    """Per-functionality and per-group accuracy as Markdown tables, with the floors if given."""
    fl = (floors or {}).get("functionalities", {})
    gl = (floors or {}).get("groups", {})
    lines = [
        f"functional suite: {len(result.cases)} cases, {len(FUNCTIONALITIES)} functionalities, "
        f"model {result.model}",
        "",
        "| functionality | should be | n | accuracy | recorded |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for r in result.functionalities():
        lines.append(
            f"| {r.name} | {'held' if r.held else 'published'} | {r.n} | {r.accuracy:.3f} "
            f"| {_fmt(fl.get(r.name))} |"
        )
    lines.append(
        f"| **overall** | | {len(result.cases)} | {result.overall:.3f} "
        f"| {_fmt((floors or {}).get('overall'))} |"
    )
    lines += ["", "| target group | n | accuracy | recorded |", "| --- | ---: | ---: | ---: |"]
    for r in result.groups():
        lines.append(f"| {r.name} | {r.n} | {r.accuracy:.3f} | {_fmt(gl.get(r.name))} |")
    lines += [
        "",
        f"hateful or abusive cases held: {result.rate(True):.1%}; civil cases held: {result.rate(False):.1%}",
    ]
    return "\n".join(lines)


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def figures(result: Result) -> dict[str, Any]:
    """The figures a floors file records."""
    return {
        "model": result.model,
        "cases": len(result.cases),
        "overall": round(result.overall, 4),
        "functionalities": {r.name: round(r.accuracy, 4) for r in result.functionalities()},
        "groups": {r.name: round(r.accuracy, 4) for r in result.groups()},
    }


def record_floors(result: Result, path: Path = FLOORS_PATH) -> dict[str, Any]:
    """Write ``result``'s figures to ``path`` (a retrained model's new floor) and return them."""
    data = figures(result)
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return data


def load_floors(path: Path = FLOORS_PATH) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def below_floors(result: Result, floors: Mapping[str, Any], tolerance: float = TOLERANCE) -> list[str]:
    """Every figure of ``result`` more than ``tolerance`` under its floor, as readable lines.

    A functionality or group the floors do not know, or one they know that the result lacks, is
    reported too: the floors must be re-recorded when the suite changes.
    """
    got = figures(result)
    out = []
    if got["overall"] < floors["overall"] - tolerance:
        out.append(f"overall {got['overall']:.3f} < recorded {floors['overall']:.3f}")
    for section in ("functionalities", "groups"):
        mine, recorded = got[section], floors[section]
        for name in sorted(set(mine) | set(recorded)):
            if name not in recorded or name not in mine:
                out.append(f"{section}: {name} is not in both the suite and the floors; re-record")
            elif mine[name] < recorded[name] - tolerance:
                out.append(f"{name} {mine[name]:.3f} < recorded {recorded[name]:.3f}")
    return out


def echo_report(classifier: Classifier, record: bool = False, misses: bool = False) -> Result:
    """Print the suite's tables for ``classifier``; with ``record``, write them as the new floors."""
    result = run(classifier)
    floors = load_floors() if FLOORS_PATH.exists() else None
    click.echo(format_table(result, floors))
    if misses:
        click.echo("")
        for case in result.misses():
            want = "hold" if case.held else "publish"
            click.echo(f"  should {want}  [{case.functionality}] {case.text}")
    if record:
        record_floors(result)
        click.echo(f"recorded the figures above in {FLOORS_PATH}")
    elif floors is not None:
        for line in below_floors(result, floors):
            click.echo(f"below the recorded figures: {line}")
    return result


@click.command("functional")
@click.option(
    "--model",
    "model_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Model file (default: the shipped one).",
)
@click.option("--record", is_flag=True, help="Write the figures as the new floors (after a retrain).")
@click.option("--misses", is_flag=True, help="List every case the model gets wrong.")
def functional_command(model_path: Path | None, record: bool, misses: bool) -> None:
    """Run salon's functional suite: accuracy per functionality and per target group."""
    from salon.services import LazyClassifier

    echo_report(LazyClassifier(str(model_path) if model_path else None), record=record, misses=misses)
