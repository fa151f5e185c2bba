"""Character n-grams of words, weighted by tf-idf: the learned stage's eye for spelling.

Sentence embeddings hear what a message means; these see how it is typed — "k.", "ur",
"smh", "!!!", a swear word, an emoji. Training uses scikit-learn's ``TfidfVectorizer``
(``analyzer="char_wb"``, ``sublinear_tf=True``, l2 norm); at run time the same transform is
done here from the saved vocabulary and idf, so the installed coach needs no scikit-learn
(and SciPy) for a few lines of arithmetic. A test checks both give the same numbers.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy
    import numpy.typing as npt

_SPACES = re.compile(r"\s\s+")  # as scikit-learn's char_wb preprocessing


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


class CharNgrams:
    """Texts to sparse tf-idf rows, as (indices, weights) pairs."""

    def __init__(
        self, vocabulary: Sequence[str], idf: npt.NDArray[numpy.float32], low: int, high: int
    ) -> None:
        self.index = {gram: i for i, gram in enumerate(vocabulary)}
        self.idf = idf
        self.low, self.high = low, high

    @classmethod
    def from_weights(cls, data: Mapping[str, Any]) -> CharNgrams:
        """From a weights file's ``ngram_vocabulary``, ``ngram_idf`` and ``ngram_range``
        (both learned stages write them so)."""
        import numpy as np

        low, high = (int(x) for x in data["ngram_range"])
        vocabulary = [str(g) for g in data["ngram_vocabulary"]]
        return cls(vocabulary, np.asarray(data["ngram_idf"], dtype=np.float32), low, high)

    def row(self, text: str) -> tuple[list[int], list[float]]:
        counts = Counter(
            self.index[g] for g in char_wb_ngrams(text, self.low, self.high) if g in self.index
        )
        indices = sorted(counts)
        weights = [(1.0 + math.log(counts[i])) * float(self.idf[i]) for i in indices]
        norm = math.sqrt(sum(w * w for w in weights))
        return indices, [w / norm for w in weights] if norm else weights

    def logits(
        self, texts: Sequence[str], coef: npt.NDArray[numpy.float32]
    ) -> npt.NDArray[numpy.float32]:
        """(texts, labels): each text's tf-idf row times ``coef`` (vocabulary, labels)."""
        import numpy as np

        out = np.zeros((len(texts), coef.shape[1]), dtype=np.float32)
        for position, text in enumerate(texts):
            indices, weights = self.row(text)
            if indices:
                out[position] = np.asarray(weights, dtype=np.float32) @ coef[indices]
        return out
