"""Train the coach's learned stage: one logistic regression per label over sentence embeddings.

    .venv/bin/python scripts/train_coach.py            # writes src/fireside/coach/model/labels.npz

Reads data/coach/train.jsonl and dev.jsonl (make them with scripts/split_coach_corpus.py).
Thresholds are calibrated on held-out predictions: five folds over train + dev, each message
scored by a model that never saw it, the rules run beside it exactly as in `check_message`.
They are chosen to maximise macro-F1 while false alarms (calm messages given any problem
label) stay at or under FALSE_ALARM_TARGET. The final weights are fitted on train + dev.
Deterministic: a fixed seed, fixed folds, no randomness left in the solver.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold

from fireside.coach.check import check_message, scored_texts
from fireside.coach.corpus import Entry, corpus_digest, read_entries
from fireside.coach.embedding import embedder
from fireside.coach.model import ALL_LABELS, PROBLEM_LABELS
from fireside.coach.rules import rule_book

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "coach"
OUT = ROOT / "src" / "fireside" / "coach" / "model" / "labels.npz"
SEED = 20261201
FOLDS = 5
C = 1.0
FALSE_ALARM_TARGET = 0.02
GRID = np.round(np.arange(0.30, 0.995, 0.01), 3)


def training_entries() -> list[Entry]:
    return [e for name in ("train", "dev") for e in read_entries(DATA / f"{name}.jsonl")]


def embed_all(entries: list[Entry]) -> tuple[np.ndarray, list[np.ndarray]]:
    """The whole-message vector of each entry, and all its scored vectors (whole + sentences)."""
    groups = [scored_texts(e.text)[0] or [e.text] for e in entries]
    flat = [t for g in groups for t in g]
    embed = embedder()
    vectors = np.concatenate([embed(flat[i : i + 256]) for i in range(0, len(flat), 256)])
    whole, scored, row = [], [], 0
    for group in groups:
        scored.append(vectors[row : row + len(group)])
        whole.append(vectors[row])
        row += len(group)
    return np.stack(whole), scored


def fit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    coef = np.zeros((y.shape[1], x.shape[1]), dtype=np.float64)
    intercept = np.zeros(y.shape[1], dtype=np.float64)
    for column in range(y.shape[1]):
        model = LogisticRegression(C=C, class_weight="balanced", max_iter=5000, tol=1e-6)
        model.fit(x, y[:, column])
        coef[column], intercept[column] = model.coef_[0], model.intercept_[0]
    return coef, intercept


def best_scores(scored: list[np.ndarray], coef: np.ndarray, intercept: np.ndarray) -> np.ndarray:
    return np.stack([(1 / (1 + np.exp(-(v @ coef.T + intercept)))).max(axis=0) for v in scored])


def combine(rules: np.ndarray, probs: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """learned.combine, vectorised over messages (rule labels already suppressed by rules)."""
    book = rule_book()
    index = {label: i for i, label in enumerate(ALL_LABELS)}
    found = rules | (probs >= thresholds)
    dropped = np.zeros_like(found)
    for key, labels in book.suppress.items():
        for label in labels:
            dropped[:, index[label]] |= rules[:, index[key]]
    for key, labels in book.suppress_found.items():
        for label in labels:
            dropped[:, index[label]] |= found[:, index[key]]
    return found & ~dropped


def figures(truth: np.ndarray, found: np.ndarray) -> tuple[float, float, np.ndarray]:
    tp = (truth & found).sum(0)
    fp = (~truth & found).sum(0)
    fn = (truth & ~found).sum(0)
    precision = np.where(tp + fp > 0, tp / np.maximum(tp + fp, 1), 1.0)
    recall = np.where(tp + fn > 0, tp / np.maximum(tp + fn, 1), 1.0)
    f1 = np.where(
        precision + recall > 0, 2 * precision * recall / np.maximum(precision + recall, 1e-9), 0
    )
    problems = [ALL_LABELS.index(label) for label in PROBLEM_LABELS]
    calm = ~truth[:, problems].any(1)
    alarms = found[calm][:, problems].any(1).mean() if calm.any() else 0.0
    return float(f1.mean()), float(alarms), f1


def calibrate(truth: np.ndarray, rules: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """Coordinate ascent over per-label thresholds: macro-F1, false alarms within the target."""
    thresholds = np.full(len(ALL_LABELS), 0.9)

    def objective(t: np.ndarray) -> float:
        macro, alarms, _ = figures(truth, combine(rules, probs, t))
        return macro - (
            10.0 * (alarms - FALSE_ALARM_TARGET) if alarms > FALSE_ALARM_TARGET else 0.0
        )

    current = objective(thresholds)
    for _round in range(4):
        for column in range(len(ALL_LABELS)):
            best_value, best_t = current, thresholds[column]
            for t in GRID:
                trial = thresholds.copy()
                trial[column] = t
                value = objective(trial)
                if value > best_value + 1e-9:
                    best_value, best_t = value, t
            thresholds[column] = best_t
            current = best_value
    return thresholds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    started = time.perf_counter()
    entries = training_entries()
    truth = np.array([[label in e.labels for label in ALL_LABELS] for e in entries])
    rules = np.array(
        [
            [label in check_message(e.text, model=False).labels for label in ALL_LABELS]
            for e in entries
        ]
    )
    whole, scored = embed_all(entries)
    print(f"{len(entries)} messages embedded in {time.perf_counter() - started:.1f} s")
    oof = np.zeros(truth.shape)
    folds = KFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    for train_rows, held_rows in folds.split(whole):
        coef, intercept = fit(whole[train_rows], truth[train_rows])
        oof[held_rows] = best_scores([scored[i] for i in held_rows], coef, intercept)
    thresholds = calibrate(truth, rules, oof)
    rules_macro, rules_alarms, _ = figures(truth, rules)
    macro, alarms, f1 = figures(truth, combine(rules, oof, thresholds))
    print(
        f"held-out (5-fold) rules alone: macro-F1 {rules_macro:.3f}, false alarms {rules_alarms:.1%}"
    )
    print(f"held-out (5-fold) rules + model: macro-F1 {macro:.3f}, false alarms {alarms:.1%}")
    for label, t, value in zip(ALL_LABELS, thresholds, f1, strict=True):
        print(f"  {label:20s} threshold {t:.2f}  F1 {value:.3f}")
    coef, intercept = fit(whole, truth)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("wb") as handle:
        np.savez_compressed(
            handle,
            labels=np.array(ALL_LABELS),
            coef=coef.astype(np.float32),
            intercept=intercept.astype(np.float32),
            thresholds=thresholds.astype(np.float32),
            corpus_sha256=np.array(corpus_digest(entries)),
        )
    print(f"wrote {args.out} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
