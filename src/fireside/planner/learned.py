"""The guardrail's learned stage: sentence embeddings and a logistic regression.

The rules (``guardrail.toml``) are precise but only know the phrasings they were written for.
This stage reads meaning: the coach's sentence-embedding model (``fireside.coach.embedding``,
all-MiniLM-L6-v2, offline) turns an intention into a 384-number vector, and a logistic
regression trained on our corpus (``scripts/train_guardrail.py``) gives the chance it is a game.
It only ever adds a game the rules missed; it never clears one they found.

The weights are ``model/guardrail.npz`` (plain arrays, no pickle), with the sha256 of the
training split they came from; a test fails when the split changes and they are stale.
When the embedding model is not installed, the stage is off and the guardrail is rules only.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from fireside.errors import FiresideError

if TYPE_CHECKING:
    # texts in, an array of unit vectors out (numpy; typed loosely so that fireside
    # type-checks and imports without numpy, which only the learned stage needs)
    Embed = Callable[[list[str]], Any]

MODEL_FILE = "model/guardrail.npz"
EMBEDDING_MODULE = "fireside.coach.embedding"


@dataclass(frozen=True)
class Weights:
    """What ``scripts/train_guardrail.py`` writes, read back without pickle."""

    coef: Any  # (384,) float
    intercept: float
    mean: Any  # (384,) standardisation
    scale: Any  # (384,)
    threshold: float  # the chance at or above which the stage calls it a game
    centroids: Any  # (tactics, 384) unit vectors: the nearest names the tactic
    tactics: tuple[str, ...]
    corpus_sha256: str

    @classmethod
    def load(cls, data: Any) -> Weights:
        return cls(
            coef=data["coef"],
            intercept=float(data["intercept"]),
            mean=data["mean"],
            scale=data["scale"],
            threshold=float(data["threshold"]),
            centroids=data["centroids"],
            tactics=tuple(str(t) for t in data["tactics"]),
            corpus_sha256=str(data["corpus_sha256"]),
        )


def _numpy() -> Any:
    return importlib.import_module("numpy")


def read_weights() -> Weights:
    """The trained weights (numpy's .npz, read with ``allow_pickle=False``)."""
    np = _numpy()
    path = resources.files("fireside.planner").joinpath(MODEL_FILE)
    with path.open("rb") as handle, np.load(handle, allow_pickle=False) as data:
        return Weights.load({key: data[key] for key in data.files})


class LearnedStage:
    """Texts in, (chance of a game, nearest tactic) out."""

    def __init__(self, weights: Weights, embed: Embed) -> None:
        self.weights = weights
        self._embed = embed

    def judge(self, texts: Sequence[str]) -> list[tuple[float, str]]:
        np = _numpy()
        w = self.weights
        vectors = self._embed(list(texts))
        logits = ((vectors - w.mean) / w.scale) @ w.coef + w.intercept
        chances = 1.0 / (1.0 + np.exp(-logits))
        nearest = np.argmax(vectors @ w.centroids.T, axis=1)
        return [(float(c), w.tactics[int(n)]) for c, n in zip(chances, nearest, strict=True)]


def embedding_function() -> Embed | None:
    """The coach's embedder, or None when it (or its model files) is not installed."""
    try:
        module = importlib.import_module(EMBEDDING_MODULE)
        embed: Embed = module.embedder()
    except (ImportError, FiresideError, OSError):
        return None
    return embed


@cache
def learned_stage() -> LearnedStage | None:
    """The stage, loaded on first use (about a third of a second), or None when it is off."""
    embed = embedding_function()
    if embed is None:
        return None
    return LearnedStage(read_weights(), embed)
