"""Train the guardrail's learned stage: src/fireside/planner/model/guardrail.npz.

    .venv/bin/python scripts/split_guardrail_corpus.py   # first, if the batches changed
    .venv/bin/python scripts/train_guardrail.py

Reproducible: full-batch gradient descent from zeros on standardised embeddings of the train
split (no random initialisation, no shuffling), so the same corpus gives the same weights.
The threshold is the lowest chance (0.50, 0.51, ... 0.99) at which the stage alone flags at
most 2% of the dev split's sincere plans. The file records the train split's sha256; a test
fails when it is stale. Needs the coach's embedder (fireside.coach.embedding).
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import numpy as np

from fireside.planner.corpus import corpus_hash, read_examples
from fireside.planner.tactics import TACTICS

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "guardrail"
OUT = ROOT / "src" / "fireside" / "planner" / "model" / "guardrail.npz"
L2 = 0.01
EPOCHS = 2000
LEARNING_RATE = 0.1
MAX_DEV_FLAGS = 0.02


def embed_all(embed, texts: list[str]) -> np.ndarray:  # type: ignore[no-untyped-def]
    return np.vstack([embed(texts[i : i + 16]) for i in range(0, len(texts), 16)])


def fit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    coef = np.zeros(x.shape[1])
    intercept = 0.0
    for _ in range(EPOCHS):
        p = 1.0 / (1.0 + np.exp(-(x @ coef + intercept)))
        g = p - y
        coef -= LEARNING_RATE * (x.T @ g / len(y) + L2 * coef)
        intercept -= LEARNING_RATE * float(g.mean())
    return coef, intercept


def main() -> int:
    try:
        embed = importlib.import_module("fireside.coach.embedding").embedder()
    except ImportError:
        print("The coach's embedder (fireside.coach.embedding) is not installed.", file=sys.stderr)
        return 2
    train = read_examples(DATA / "train.jsonl")
    dev = read_examples(DATA / "dev.jsonl")
    x_train = embed_all(embed, [e.text for e in train])
    y_train = np.array([e.is_game for e in train], dtype=float)
    mean, scale = x_train.mean(axis=0), x_train.std(axis=0) + 1e-6
    coef, intercept = fit((x_train - mean) / scale, y_train)

    x_dev = embed_all(embed, [e.text for e in dev])
    chances = 1.0 / (1.0 + np.exp(-(((x_dev - mean) / scale) @ coef + intercept)))
    sincere = np.array([not e.is_game for e in dev])
    threshold = 0.99
    for candidate in np.arange(0.50, 0.991, 0.01):
        if (chances[sincere] >= candidate).mean() <= MAX_DEV_FLAGS:
            threshold = round(float(candidate), 2)
            break
    games = ~sincere
    print(
        f"threshold {threshold}: dev games found by the stage alone "
        f"{(chances[games] >= threshold).mean():.3f}, sincere flagged "
        f"{(chances[sincere] >= threshold).mean():.3f}"
    )
    centroids = np.zeros((len(TACTICS), x_train.shape[1]), dtype=np.float32)
    for row, tactic in enumerate(TACTICS):
        members = [i for i, e in enumerate(train) if e.tactic == tactic]
        centre = x_train[members].mean(axis=0)
        centroids[row] = centre / np.linalg.norm(centre)
    temporary = OUT.with_suffix(".tmp.npz")
    np.savez(
        temporary,
        coef=coef.astype(np.float32),
        intercept=np.array(intercept),
        mean=mean.astype(np.float32),
        scale=scale.astype(np.float32),
        threshold=np.array(threshold),
        centroids=centroids,
        tactics=np.array(TACTICS),
        corpus_sha256=np.array(corpus_hash(train)),
    )
    temporary.replace(OUT)
    print(f"wrote {OUT.relative_to(ROOT)} ({len(train)} training intentions)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
