"""Train the guardrail's learned stage: src/fireside/planner/model/guardrail.npz.

    .venv/bin/python scripts/split_guardrail_corpus.py   # first, if the batches changed
    .venv/bin/python scripts/train_guardrail.py

Built like scripts/train_coach.py. Features: the coach's sentence embedding of each intention,
tf-idf weighted character n-grams of its words (scikit-learn's char_wb) and word n-grams of one
to three words (both computed at run time by fireside.coach.ngrams). One logistic regression
says whether it is a game; a multinomial one names the tactic (trained on the games).

The threshold is calibrated on held-out scores, leave one writer out: each writer's
intentions in train + dev are scored by a model trained on the other writers only, and
combined with the rules exactly as ``read_intention`` does (``fireside.planner.learned.combine``,
with the model's say over the rules' own games below DOUBT_CUTOFF). The threshold
is the lowest (0.30, 0.31, ... 0.99) at which rules and model together flag at most
SINCERE_FLAGGED of the sincere plans (3%, the bound aimed at on a new writer's blind set:
new writers' sets have run a little below this figure). The final
weights are fitted on train + dev; the
test split and data/guardrail/blind.jsonl are never read here. The file records the sha256 of
train + dev; a test fails when it is stale. Deterministic: no random folds, and the solver
(lbfgs) has no randomness.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
from _tfidf import char_vectoriser, word_vectoriser  # scripts/_tfidf.py
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from fireside.coach.embedding import embedder, model_digest
from fireside.planner.corpus import Example, corpus_hash, read_examples
from fireside.planner.guardrail import RulesReading, read_rules
from fireside.planner.learned import Cutoffs, Judgement, combine, model_text
from fireside.planner.tactics import TACTICS

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "guardrail"
OUT = ROOT / "src" / "fireside" / "planner" / "model" / "guardrail.npz"
C = 8.0
NGRAMS = (2, 5)
WORDS = (1, 3)
MIN_DF = 2
SINCERE_FLAGGED = 0.03
# At 2.5% (until 2026-12-04) the seven blind sets flagged 2.2% of sincere plans together and
# found 87.8% of games: new writers ran below this figure, not above it. At 3%: threshold 0.78,
# leave one writer out 88.9% / 3.0% (from 87.2% / 2.5%).
# Leave one writer out over 17 writers, at 2.5% of sincere plans flagged: games found 82.7%
# when the model may not turn down a game the rules found, 87.2% below 0.30, 84.0% below 0.40
# (a short plan that is a game in itself always stands: RulesReading.firm)
DOUBT_CUTOFF = 0.30
GRID = np.round(np.arange(0.30, 0.995, 0.01), 3)


def training_examples() -> list[Example]:
    return [e for name in ("train", "dev") for e in read_examples(DATA / f"{name}.jsonl")]


class Fitted:
    """The two regressions over one vocabulary: (1 + tactics) rows of coefficients, over the
    character n-grams, then the word n-grams, then the embedding."""

    def __init__(self, texts: list[str], vectors: np.ndarray, examples: list[Example]) -> None:
        self.vec = char_vectoriser(NGRAMS, MIN_DF).fit(texts)
        self.words = word_vectoriser(WORDS, MIN_DF).fit(texts)
        x = self.features(texts, vectors)
        is_game = np.array([e.is_game for e in examples])
        game = LogisticRegression(C=C, class_weight="balanced", max_iter=5000).fit(x, is_game)
        rows = np.where(is_game)[0]
        tactic = LogisticRegression(C=C, max_iter=5000).fit(
            x[rows], [TACTICS.index(examples[i].tactic or "other") for i in rows]
        )
        if list(tactic.classes_) != list(range(len(TACTICS))):
            raise SystemExit("every tactic needs games in the training writers")
        self.coef = np.vstack([game.coef_, tactic.coef_])  # (1 + tactics, features)
        self.intercept = np.concatenate([game.intercept_, tactic.intercept_])

    def features(self, texts: list[str], vectors: np.ndarray) -> sparse.csr_matrix:
        blocks = [
            self.vec.transform(texts),
            self.words.transform(texts),
            sparse.csr_matrix(vectors),
        ]
        return sparse.hstack(blocks).tocsr()

    def logits(self, texts: list[str], vectors: np.ndarray) -> np.ndarray:
        return np.asarray(self.features(texts, vectors) @ self.coef.T) + self.intercept


def judgements(logits: np.ndarray) -> list[Judgement]:
    chances = 1.0 / (1.0 + np.exp(-logits[:, 0]))
    best = np.argmax(logits[:, 1:], axis=1)
    return [Judgement(float(c), TACTICS[int(b)]) for c, b in zip(chances, best, strict=True)]


def held_out(
    texts: list[str], vectors: np.ndarray, examples: list[Example], writers: np.ndarray
) -> tuple[list[Judgement], np.ndarray]:
    """Leave one writer out: each intention judged by a model that never saw its writer; and
    the nearest tactic centroid (the old way, for comparison)."""
    out: list[Judgement | None] = [None] * len(examples)
    nearest = np.empty(len(examples), dtype=object)
    for writer in sorted(set(writers)):
        train = np.where(writers != writer)[0]
        held = np.where(writers == writer)[0]
        fitted = Fitted([texts[i] for i in train], vectors[train], [examples[i] for i in train])
        for row, judged in zip(
            held, judgements(fitted.logits([texts[i] for i in held], vectors[held])), strict=True
        ):
            out[row] = judged
        centres = np.vstack(
            [vectors[[i for i in train if examples[i].tactic == t]].mean(axis=0) for t in TACTICS]
        )
        nearest[held] = np.array(TACTICS)[np.argmax(vectors[held] @ centres.T, axis=1)]
        print(f"  held out {writer}: {len(held)} intentions", flush=True)
    return [j for j in out if j is not None], nearest


def cutoffs(threshold: float) -> Cutoffs:
    return Cutoffs(threshold, DOUBT_CUTOFF)


def readings(
    rules: list[RulesReading], judged: list[Judgement | None], threshold: float
) -> list[tuple[bool, str | None]]:
    return [combine(r, j, cutoffs(threshold)) for r, j in zip(rules, judged, strict=True)]


def counts(
    examples: list[Example], found: list[tuple[bool, str | None]]
) -> tuple[int, int, int, int, int]:
    """games found, games, sincere flagged, sincere, tactic right among the games found."""
    games = [i for i, e in enumerate(examples) if e.is_game]
    sincere = [i for i, e in enumerate(examples) if not e.is_game]
    hit = [i for i in games if found[i][0]]
    right = sum(found[i][1] == examples[i].tactic for i in hit)
    return len(hit), len(games), sum(found[i][0] for i in sincere), len(sincere), right


def show(label: str, numbers: tuple[int, int, int, int, int]) -> None:
    hit, games, flagged, sincere, right = numbers
    print(
        f"  {label:32s} games found {hit}/{games} ({hit / max(games, 1):.1%}), sincere flagged "
        f"{flagged}/{sincere} ({flagged / max(sincere, 1):.1%}), tactic right {right}/{hit}"
    )


def calibrate(examples: list[Example], rules: list[RulesReading], judged: list[Judgement]) -> float:
    sincere = [i for i, e in enumerate(examples) if not e.is_game]
    allowed = SINCERE_FLAGGED * len(sincere)
    for threshold in GRID:
        found = readings(rules, list(judged), float(threshold))
        if sum(found[i][0] for i in sincere) <= allowed:
            return float(threshold)
    return float(GRID[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--mistakes", action="store_true", help="list held-out mistakes")
    args = parser.parse_args()
    started = time.perf_counter()
    examples = training_examples()
    texts = [model_text(e.text) for e in examples]  # as the stage reads them
    embed = embedder()
    vectors = np.concatenate([embed(texts[i : i + 256]) for i in range(0, len(texts), 256)])
    rules = [read_rules(e.text) for e in examples]
    writers = np.array([e.writer for e in examples])
    per_writer = {str(w): n for w, n in sorted(Counter(writers).items())}
    print(
        f"{len(examples)} intentions by {len(set(writers))} writers "
        f"({per_writer}), embedded in "
        f"{time.perf_counter() - started:.1f} s",
        flush=True,
    )
    judged, nearest = held_out(texts, vectors, examples, writers)
    threshold = calibrate(examples, rules, judged)
    print(
        f"threshold {threshold:.2f} (leave one writer out, rules and model flagging at most "
        f"{SINCERE_FLAGGED:.1%} of sincere plans; the model turns down the rules' games under "
        f"{DOUBT_CUTOFF:.2f})"
    )
    none: list[Judgement | None] = [None] * len(examples)
    model_only = [RulesReading(False, None, None, None)] * len(examples)
    for name, rows in [
        ("all writers", np.arange(len(examples))),
        *((w, np.where(writers == w)[0]) for w in sorted(set(writers))),
    ]:
        part = [examples[i] for i in rows]
        print(f"{name} (held out):")
        show("rules alone", counts(part, [readings(rules, none, 1.0)[i] for i in rows]))
        show(
            "model alone",
            counts(part, [readings(model_only, list(judged), threshold)[i] for i in rows]),
        )
        show(
            "rules + model",
            counts(part, [readings(rules, list(judged), threshold)[i] for i in rows]),
        )
        games = [i for i in rows if examples[i].is_game]
        classifier = sum(judged[i].tactic == examples[i].tactic for i in games)
        centroid = sum(nearest[i] == examples[i].tactic for i in games)
        print(
            f"  tactic of every game: classifier {classifier}/{len(games)}, "
            f"nearest centroid {centroid}/{len(games)}"
        )
    if args.mistakes:
        for example, reading, judgement in zip(
            examples, readings(rules, list(judged), threshold), judged, strict=True
        ):
            if reading[0] != example.is_game:
                print(
                    f"  {example.writer}: {'missed' if example.is_game else 'flagged'} "
                    f"({judgement.chance:.2f}) {example.text}"
                )
    fitted = Fitted(texts, vectors, examples)
    size = len(fitted.vec.vocabulary_)
    words = len(fitted.words.vocabulary_)
    vocabulary = sorted(fitted.vec.vocabulary_, key=fitted.vec.vocabulary_.__getitem__)
    word_vocabulary = sorted(fitted.words.vocabulary_, key=fitted.words.vocabulary_.__getitem__)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    temporary = args.out.with_name(args.out.name + ".tmp")
    with temporary.open("wb") as handle:
        np.savez_compressed(
            handle,
            tactics=np.array(TACTICS),
            coef=fitted.coef[:, size + words :].astype(np.float32),
            ngram_coef=fitted.coef[:, :size].T.astype(np.float32),
            ngram_vocabulary=np.array(vocabulary),
            ngram_idf=fitted.vec.idf_.astype(np.float32),
            ngram_range=np.array(NGRAMS),
            word_coef=fitted.coef[:, size : size + words].T.astype(np.float32),
            word_vocabulary=np.array(word_vocabulary),
            word_idf=fitted.words.idf_.astype(np.float32),
            word_range=np.array(WORDS),
            intercept=fitted.intercept.astype(np.float32),
            threshold=np.array(threshold),
            doubt_cutoff=np.array(DOUBT_CUTOFF),
            corpus_sha256=np.array(corpus_hash(examples)),
            model_sha256=np.array(model_digest()),
        )
    temporary.replace(args.out)
    print(f"wrote {args.out} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
