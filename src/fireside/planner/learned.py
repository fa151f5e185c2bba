"""The guardrail's learned stage: one linear model over sentence embeddings and n-grams.

The rules (``guardrail.toml``) are precise but only know the phrasings they were written for.
This stage reads meaning and spelling, built like the coach's (``fireside.coach.learned``): the
coach's sentence embedding of the intention (``fireside.coach.embedding``, all-MiniLM-L6-v2,
offline), tf-idf weighted character n-grams of its words and word n-grams (one to three
words: "so he", "see if", "don't seem"; ``fireside.coach.ngrams``), with one logistic
regression for "is it a game" and a multinomial one for the tactic, trained by
``scripts/train_guardrail.py``.

How the two combine is one rule, :func:`combine`:

- it is a game when the rules find one, **or** when the model's chance reaches the threshold
  (calibrated on held-out scores, leave one writer out);
- unless the model is all but sure a game the rules found is sincere (its chance under
  ``Cutoffs.doubt``): the rules can misread a plan that talks about a game in the person's own
  way ("I'm done playing games or trying to make him jealous") or a purpose or a means an
  ordinary plan shares ("so he ...", "not reply"). A short plan that is a game in itself ("I'm
  going to play hard to get", ``RulesReading.firm``) is never turned down: there is no more
  to it for the model to read;
- the model is not asked when the rules veto it explicitly: a game the person turns down ("I
  won't make him jealous") or a sincere purpose of their own stated as the reason ("so I can
  heal"); the model reads what a plan is about, not negation or reasons;
- the tactic is the rules' when they name one, otherwise the model's (the tactic classifier:
  it also names the games the rules find only by their general shape, "so he ...").

The weights are ``model/guardrail.npz`` (plain arrays, loaded with ``allow_pickle=False``),
with the sha256 of the corpus they came from; a test fails when they are stale. When the
embedding model or the weights are not installed, the stage is off and the rules decide.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from fireside.coach.ngrams import CharNgrams, WordNgrams
from fireside.errors import FiresideError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from fireside.planner.guardrail import RulesReading

    # texts in, an array of unit vectors out
    Embed = Callable[[list[str]], Any]

MODEL_FILE = "model/guardrail.npz"
EMBEDDING_MODULE = "fireside.coach.embedding"
MODEL_CHARS = 160  # longer than 98% of the corpus; the embedding costs about 0.3 ms a token


def model_text(text: str) -> str:
    """What the model reads: the intention, or for a longer one its beginning and its end.

    All but about 2% of the corpus fit in ``MODEL_CHARS``; a longer one (up to 2,000
    characters) would cost the embedding 40 ms at its 128 tokens, and its purpose is most often
    at the end ("..., so he sees what he's missing"). The rules still read all of it.
    """
    if len(text) <= MODEL_CHARS:
        return text
    half = MODEL_CHARS // 2
    head, tail = text[:half], text[-half:]
    head = head[: head.rfind(" ")] if " " in head else head
    tail = tail[tail.find(" ") + 1 :] if " " in tail else tail
    return f"{head} … {tail}"


@dataclass(frozen=True)
class Cutoffs:
    """The chances at which the model speaks: calibrated, then saved with the weights."""

    game: float  # at or above it, a game the rules did not find
    doubt: float  # below it, a game the rules found (but not a firm one) is an ordinary plan


@dataclass(frozen=True, eq=False)
class GuardrailModel:
    """What ``scripts/train_guardrail.py`` writes, read back without pickle.

    Row 0 of the coefficients is "is it a game" (a logistic regression); rows 1.. are the
    tactics (a multinomial one: the highest logit names the tactic).
    """

    tactics: tuple[str, ...]
    coef: npt.NDArray[np.float32]  # (1 + tactics, 384): over the sentence embedding
    ngram_coef: npt.NDArray[np.float32]  # (vocabulary, 1 + tactics): over character n-grams
    ngrams: CharNgrams
    word_coef: npt.NDArray[np.float32]  # (vocabulary, 1 + tactics): over word n-grams
    words: WordNgrams
    intercept: npt.NDArray[np.float32]  # (1 + tactics,)
    cutoffs: Cutoffs
    corpus_sha256: str
    model_sha256: str  # the embedding model they were trained on ("" before it was recorded)

    def logits(self, vectors: npt.NDArray[np.float32], texts: Sequence[str]) -> Any:
        """(texts, 1 + tactics) logits for texts and their embeddings."""
        return (
            vectors @ self.coef.T
            + self.ngrams.logits(texts, self.ngram_coef)
            + self.words.logits(texts, self.word_coef)
            + self.intercept
        )


def read_weights() -> GuardrailModel | None:
    """The shipped weights, or None if this installation has none."""
    import numpy as np

    source = resources.files("fireside.planner").joinpath(MODEL_FILE)
    if not source.is_file():
        return None
    with source.open("rb") as handle, np.load(handle, allow_pickle=False) as data:
        return GuardrailModel(
            tactics=tuple(str(t) for t in data["tactics"]),
            coef=data["coef"].astype(np.float32),
            ngram_coef=data["ngram_coef"].astype(np.float32),
            ngrams=CharNgrams.from_weights(data),
            word_coef=data["word_coef"].astype(np.float32),
            words=WordNgrams.from_weights(data),
            intercept=data["intercept"].astype(np.float32),
            cutoffs=Cutoffs(float(data["threshold"]), float(data["doubt_cutoff"])),
            corpus_sha256=str(data["corpus_sha256"]),
            model_sha256=str(data["model_sha256"]) if "model_sha256" in data.files else "",
        )


@dataclass(frozen=True)
class Judgement:
    """The model's reading of one intention."""

    chance: float  # that it is a game
    tactic: str  # the most likely tactic, were it one


class LearnedStage:
    """Texts in, judgements out."""

    def __init__(self, model: GuardrailModel, embed: Embed) -> None:
        self.model = model
        self._embed = embed

    def judge(self, texts: Sequence[str]) -> list[Judgement]:
        import numpy as np

        read = [model_text(t) for t in texts]
        logits = self.model.logits(self._embed(read), read)
        chances = 1.0 / (1.0 + np.exp(-logits[:, 0]))
        best = np.argmax(logits[:, 1:], axis=1)
        return [
            Judgement(float(c), self.model.tactics[int(b)])
            for c, b in zip(chances, best, strict=True)
        ]


def combine(
    rules: RulesReading, judgement: Judgement | None, cutoffs: Cutoffs
) -> tuple[bool, str | None]:
    """Is it a game, and which tactic: the rules, then the model where they leave room."""
    if rules.is_game:
        if not rules.firm and judgement is not None and judgement.chance < cutoffs.doubt:
            return False, None  # the model is all but sure it is an ordinary plan
        if rules.tactic == "other" and judgement is not None:
            return True, judgement.tactic  # the rules saw a game but could not name it
        return True, rules.tactic
    if rules.veto is not None or judgement is None or judgement.chance < cutoffs.game:
        return False, None
    return True, rules.named or judgement.tactic


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
    model = read_weights()
    if model is None:
        return None
    return LearnedStage(model, embed)
