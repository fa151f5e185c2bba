"""N-grams weighted by tf-idf: the learned stages' eye for spelling and for phrasing.

Sentence embeddings hear what a message means; character n-grams of words see how it is
typed — "k.", "ur", "smh", "!!!", a swear word, an emoji — and word n-grams see the short
phrases a purpose hangs on ("so he", "see if", "don't seem"), which a sentence's mean vector
blurs. Training uses scikit-learn's ``TfidfVectorizer`` (``analyzer="char_wb"`` or
``"word"``, ``sublinear_tf=True``, l2 norm); at run time the same transform is done here from
the saved vocabulary and idf, so the installed app needs no scikit-learn (and SciPy) for a
few lines of arithmetic. Tests check both give the same numbers.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy
    import numpy.typing as npt

_SPACES = re.compile(r"\s\s+")  # as scikit-learn's char_wb preprocessing
WORD_TOKEN = r"(?u)\b\w+\b"  # every word, one letter ones too ("i", "u")
_WORDS = re.compile(WORD_TOKEN)


def char_wb_ngrams(text: str, low: int, high: int) -> list[str]:
    """scikit-learn's ``char_wb`` analyzer: n-grams inside each space-padded word."""
    grams: list[str] = []
    for word in _SPACES.sub(" ", text.lower()).split():
        padded = f" {word} "
        length = len(padded)
        for n in range(low, high + 1):
            offset = 0
            grams.append(padded[offset : offset + n])
            while offset + n < length:
                offset += 1
                grams.append(padded[offset : offset + n])
            if offset == 0:  # a word shorter than n counts once
                break
    return grams


def word_ngrams(text: str, low: int, high: int) -> list[str]:
    """scikit-learn's ``word`` analyzer with ``token_pattern=WORD_TOKEN``: runs of low to high
    lower-cased words, joined by a space."""
    words = _WORDS.findall(text.lower())
    return [
        " ".join(words[start : start + n])
        for n in range(low, high + 1)
        for start in range(len(words) - n + 1)
    ]


class _TfidfRows:
    """Texts to tf-idf rows (sublinear tf, l2 norm) over a saved vocabulary, times weights."""

    def __init__(
        self, vocabulary: Sequence[str], idf: npt.NDArray[numpy.float32], low: int, high: int
    ) -> None:
        self.index = {gram: i for i, gram in enumerate(vocabulary)}
        self.idf = idf
        self.low, self.high = low, high

    def counts(self, text: str, known: dict[str, list[int]] | None = None) -> Counter[int]:
        """How often each vocabulary n-gram occurs in ``text``; ``known`` is a cache the
        subclass may use for the length of one call."""
        raise NotImplementedError

    def logits(
        self, texts: Sequence[str], coef: npt.NDArray[numpy.float32]
    ) -> npt.NDArray[numpy.float32]:
        """(texts, labels): each text's tf-idf row (sublinear tf, l2 norm) times ``coef``
        (vocabulary, labels), computed for all texts at once."""
        import numpy as np

        known: dict[str, list[int]] = {}  # a word's n-grams, for this call only
        rows: list[int] = []
        indices: list[int] = []
        counts: list[int] = []
        for position, text in enumerate(texts):
            found = self.counts(text, known)
            rows.extend([position] * len(found))
            indices.extend(found.keys())
            counts.extend(found.values())
        out = np.zeros((len(texts), coef.shape[1]), dtype=np.float32)
        if not indices:
            return out
        row = np.asarray(rows, dtype=np.int64)
        index = np.asarray(indices, dtype=np.int64)
        weights = (1.0 + np.log(np.asarray(counts, dtype=np.float32))) * self.idf[index]
        norms = np.sqrt(np.bincount(row, weights=weights * weights, minlength=len(texts)))
        weights = weights / norms[row].astype(np.float32)
        starts = np.flatnonzero(np.r_[True, row[1:] != row[:-1]])  # rows are in order
        out[row[starts]] = np.add.reduceat(coef[index] * weights[:, None], starts, axis=0)
        return out


class WordNgrams(_TfidfRows):
    """Word n-grams of texts as tf-idf rows."""

    @classmethod
    def from_weights(cls, data: Mapping[str, Any]) -> WordNgrams:
        """From a weights file's ``word_vocabulary``, ``word_idf`` and ``word_range``."""
        import numpy as np

        low, high = (int(x) for x in data["word_range"])
        vocabulary = [str(g) for g in data["word_vocabulary"]]
        return cls(vocabulary, np.asarray(data["word_idf"], dtype=np.float32), low, high)

    def counts(self, text: str, known: dict[str, list[int]] | None = None) -> Counter[int]:
        """How often each vocabulary n-gram occurs in ``text``; ``known`` caches whole texts
        (a batch often holds the same draft more than once)."""
        known = {} if known is None else known
        grams = known.get(text)
        if grams is None:
            grams = known[text] = [
                self.index[g] for g in word_ngrams(text, self.low, self.high) if g in self.index
            ]
        return Counter(grams)


class CharNgrams(_TfidfRows):
    """Character n-grams of the words of texts as tf-idf rows."""

    @classmethod
    def from_weights(cls, data: Mapping[str, Any]) -> CharNgrams:
        """From a weights file's ``ngram_vocabulary``, ``ngram_idf`` and ``ngram_range``
        (both learned stages write them so)."""
        import numpy as np

        low, high = (int(x) for x in data["ngram_range"])
        vocabulary = [str(g) for g in data["ngram_vocabulary"]]
        return cls(vocabulary, np.asarray(data["ngram_idf"], dtype=np.float32), low, high)

    def counts(self, text: str, known: dict[str, list[int]] | None = None) -> Counter[int]:
        """How often each vocabulary n-gram occurs in ``text``. ``known`` caches each word's
        n-grams (char_wb n-grams never cross a word, so a text's counts are its words')."""
        known = {} if known is None else known
        counts: Counter[int] = Counter()
        for word in _SPACES.sub(" ", text.lower()).split():
            grams = known.get(word)
            if grams is None:
                grams = known[word] = [
                    self.index[g]
                    for g in char_wb_ngrams(word, self.low, self.high)
                    if g in self.index
                ]
            counts.update(grams)
        return counts
