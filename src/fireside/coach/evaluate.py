"""Measure the coach against a labelled corpus: per-label precision, recall, F1, false alarms."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from fireside.coach.check import Draft, check_messages
from fireside.coach.model import ALL_LABELS, PROBLEM_LABELS, CheckResult
from fireside.errors import InvalidValueError

NEUTRAL = "neutral"


@dataclass(frozen=True)
class Example:
    line: int
    text: str
    labels: frozenset[str]


@dataclass(frozen=True)
class LabelScore:
    label: str
    support: int
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.support if self.support else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    examples: int
    scores: list[LabelScore]
    calm_messages: int  # only strengths or neutral
    false_alarms: int
    problem: LabelScore  # "has any problem" against "has none", as one binary label
    model: bool = True  # False: the rules alone
    mistakes: list[dict[str, object]] = field(default_factory=list)

    @property
    def macro_f1(self) -> float:
        return sum(s.f1 for s in self.scores) / len(self.scores)

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.calm_messages if self.calm_messages else 0.0

    def as_json(self) -> dict[str, object]:
        return {
            "examples": self.examples,
            "macro_f1": round(self.macro_f1, 4),
            "false_alarm_rate": round(self.false_alarm_rate, 4),
            "false_alarms": self.false_alarms,
            "calm_messages": self.calm_messages,
            "problem": {
                "support": self.problem.support,
                "precision": round(self.problem.precision, 4),
                "recall": round(self.problem.recall, 4),
                "f1": round(self.problem.f1, 4),
            },
            "stages": "rules + model" if self.model else "rules",
            "labels": {
                s.label: {
                    "support": s.support,
                    "precision": round(s.precision, 4),
                    "recall": round(s.recall, 4),
                    "f1": round(s.f1, 4),
                }
                for s in self.scores
            },
        }


def read_examples(path: Path) -> Iterator[Example]:
    """Lines with ``text`` and ``labels``; a bad line names its number and what is wrong."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                text, labels = row["text"], row["labels"]
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise InvalidValueError(
                    f"{path}: line {number}",
                    line.strip()[:60],
                    'a JSON object with "text" and "labels"',
                ) from exc
            unknown = set(labels) - set(ALL_LABELS) - {NEUTRAL}
            if unknown:
                raise InvalidValueError(
                    f"{path}: line {number}: labels", sorted(unknown), ", ".join(ALL_LABELS)
                )
            yield Example(number, text, frozenset(labels) - {NEUTRAL})


def evaluate(
    examples: Iterable[Example], *, keep_mistakes: bool = False, model: bool = True
) -> Report:
    """Check every example (in batches) and compare its labels; ``model=False``: rules alone."""
    counts = {label: [0, 0, 0, 0] for label in ALL_LABELS}  # support, tp, fp, fn
    problem = [0, 0, 0, 0]
    total = calm = false_alarms = 0
    mistakes: list[dict[str, object]] = []
    listed = list(examples)
    results = check_messages((Draft(e.text) for e in listed), model=model)
    for example, result in zip(listed, results, strict=True):
        total += 1
        predicted = result.labels if isinstance(result, CheckResult) else set()
        for label in ALL_LABELS:
            truth, guess = label in example.labels, label in predicted
            counts[label][0] += truth
            counts[label][1] += truth and guess
            counts[label][2] += guess and not truth
            counts[label][3] += truth and not guess
        truth, guess = (
            bool(example.labels & set(PROBLEM_LABELS)),
            bool(predicted & set(PROBLEM_LABELS)),
        )
        problem[0] += truth
        problem[1] += truth and guess
        problem[2] += guess and not truth
        problem[3] += truth and not guess
        if not truth:
            calm += 1
            false_alarms += guess
        if keep_mistakes and predicted != example.labels:
            mistakes.append(
                {
                    "line": example.line,
                    "text": example.text,
                    "expected": sorted(example.labels),
                    "got": sorted(predicted),
                }
            )
    scores = [LabelScore(label, *counts[label]) for label in ALL_LABELS]
    return Report(
        total, scores, calm, false_alarms, LabelScore("problem", *problem), model, mistakes
    )
