"""The learned stage: one logistic regression per label over sentence embeddings.

Features: the sentence embedding of the text (what it means) and tf-idf weighted character
n-grams of its words (how it is typed: "k.", "ur", "!!!"), one linear model over both.
The rules keep spans, rewrites and precision; this stage adds recall for phrasings no rule
describes. How the two combine (one place, :func:`combine`):

- a label is found when a rule finds it and the model does not rule it out (its probability
  is at least the label's *veto*, often 0: a phrase rule cannot tell "oh great, the parcel came
  early!" from sarcasm, the model can), **or** when the model's probability for it reaches the
  label's threshold (both calibrated on held-out predictions, leave one writer out, so that
  false alarms on calm messages stay under the target);
- the model scores the whole message and each of its sentences; a label's score is the highest
  of them, and the sentence that scored highest is the finding's span (the whole draft when it
  is one sentence); a veto applies only when the model read every sentence;
- message-level suppressions of the rule book apply afterwards to both (a joke is not a threat).

Weights live in ``model/labels.npz`` (no pickle), written by ``scripts/train_coach.py``, which
records the sha256 of the corpus they came from (a test fails when they are stale).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from fireside.coach.ngrams import CharNgrams, WordNgrams

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from fireside.coach.text import Sentence

WEIGHTS = "model/labels.npz"
MAX_SENTENCES = 16  # a long draft is scored on its first 16 sentences
WHOLE_UP_TO = 6  # sentences: up to this many, the whole draft is scored too


@dataclass(frozen=True, eq=False)
class LabelModel:
    labels: tuple[str, ...]
    coef: npt.NDArray[np.float32]  # (labels, 384): over the sentence embedding
    ngram_coef: npt.NDArray[np.float32]  # (vocabulary, labels): over character n-grams
    ngrams: CharNgrams
    word_coef: npt.NDArray[np.float32]  # (vocabulary, labels): over word n-grams
    words: WordNgrams
    intercept: npt.NDArray[np.float32]  # (labels,)
    thresholds: npt.NDArray[np.float32]  # (labels,)
    vetoes: npt.NDArray[np.float32]  # (labels,): a rule's finding needs at least this chance
    corpus_sha256: str
    model_sha256: str  # the embedding model they were trained on ("" before it was recorded)

    def probabilities(
        self, vectors: npt.NDArray[np.float32], texts: Sequence[str]
    ) -> npt.NDArray[np.float32]:
        """(texts, labels) probabilities for texts and their embeddings."""
        import numpy as np

        logits = (
            vectors @ self.coef.T
            + self.ngrams.logits(texts, self.ngram_coef)
            + self.words.logits(texts, self.word_coef)
            + self.intercept
        )
        result: npt.NDArray[np.float32] = (1.0 / (1.0 + np.exp(-logits))).astype(np.float32)
        return result


@cache
def label_model() -> LabelModel | None:
    """The shipped weights, or None if this installation has none (the rules still work)."""
    import numpy as np

    source = resources.files("fireside.coach").joinpath(WEIGHTS)
    if not source.is_file():
        return None
    with source.open("rb") as handle, np.load(handle, allow_pickle=False) as data:
        return LabelModel(
            labels=tuple(str(x) for x in data["labels"]),
            coef=data["coef"].astype(np.float32),
            ngram_coef=data["ngram_coef"].astype(np.float32),
            ngrams=CharNgrams.from_weights(data),
            word_coef=data["word_coef"].astype(np.float32),
            words=WordNgrams.from_weights(data),
            intercept=data["intercept"].astype(np.float32),
            thresholds=data["thresholds"].astype(np.float32),
            vetoes=(
                data["vetoes"].astype(np.float32)
                if "vetoes" in data.files
                else np.zeros(len(data["labels"]), dtype=np.float32)  # weights from before vetoes
            ),
            corpus_sha256=str(data["corpus_sha256"]),
            model_sha256=str(data["model_sha256"]) if "model_sha256" in data.files else "",
        )


@dataclass(frozen=True)
class Scored:
    """A label's score for a draft: the best probability and the sentence that gave it."""

    label: str
    probability: float
    sentence: int | None  # index into the draft's sentences; None for the whole draft


def reads_whole(sentences: int) -> bool:
    """Whether the model reads the whole draft as well as its sentences: a short draft's
    whole says what no sentence alone does ("Oh great. Really."); a long one's would be cut
    at 128 tokens anyway, and reading it costs as much as a dozen short sentences."""
    return sentences <= WHOLE_UP_TO


def texts_to_score(text: str, sentences: Sequence[Sentence]) -> list[str]:
    """What the model reads: the whole draft (when short), then each sentence when there are
    several."""
    if len(sentences) <= 1:
        return [text]
    parts = [s.text for s in sentences[:MAX_SENTENCES]]
    return [text, *parts] if reads_whole(len(sentences)) else parts


def score(
    model: LabelModel, probabilities: npt.NDArray[np.float32], sentences: int
) -> dict[str, Scored]:
    """Per label, the highest probability over the whole draft and its sentences."""
    best = probabilities.argmax(axis=0)
    offset = 1 if reads_whole(sentences) else 0  # row 0 is the whole draft, when it is read
    result: dict[str, Scored] = {}
    for column, label in enumerate(model.labels):
        row = int(best[column])
        where = None if sentences <= 1 or row < offset else row - offset
        result[label] = Scored(label, float(probabilities[row, column]), where)
    return result


def combine(
    rule_labels: set[str],
    scores: Mapping[str, Scored],
    thresholds: Mapping[str, float],
    suppress: Mapping[str, Sequence[str]],
    suppress_found: Mapping[str, Sequence[str]],
    vetoes: Mapping[str, float] | None = None,
    withdrawn: Collection[str] = (),
) -> tuple[set[str], set[str]]:
    """The labels found (rules or model), and which of them only the model found.

    A rule's label stands unless the model's probability for it is under the label's veto.
    The model cannot add a ``withdrawn`` label (the draft matches the label's ``[learned]``
    unless patterns: it says the thing the way the practice advises).
    Suppression follows the rule book: when a rule found a key of ``suppress``, or anything found
    a key of ``suppress_found``, the listed labels go.
    """
    if vetoes:
        rule_labels = {
            label
            for label in rule_labels
            if label not in scores or scores[label].probability >= vetoes.get(label, 0.0)
        }
    from_model = {
        label
        for label, scored in scores.items()
        if label not in rule_labels
        and label not in withdrawn
        and scored.probability >= thresholds[label]
    }
    found = rule_labels | from_model
    dropped = {label for key, labels in suppress.items() if key in rule_labels for label in labels}
    dropped |= {label for key, labels in suppress_found.items() if key in found for label in labels}
    return found - dropped, from_model - dropped
