"""The tf-idf vectorisers both learned stages train with: what fireside.coach.ngrams computes at
run time (character n-grams of words, and word n-grams), so the two can never drift apart."""

from __future__ import annotations

from sklearn.feature_extraction.text import TfidfVectorizer

from fireside.coach.ngrams import WORD_TOKEN


def char_vectoriser(ngram_range: tuple[int, int], min_df: int) -> TfidfVectorizer:
    """scikit-learn's char_wb n-grams, as ``fireside.coach.ngrams.CharNgrams`` reads them."""
    return TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=ngram_range,
        min_df=min_df,
        sublinear_tf=True,
        lowercase=True,
    )


def word_vectoriser(ngram_range: tuple[int, int], min_df: int) -> TfidfVectorizer:
    """Word n-grams with fireside's token pattern, as ``fireside.coach.ngrams.WordNgrams``."""
    return TfidfVectorizer(
        analyzer="word",
        ngram_range=ngram_range,
        min_df=min_df,
        sublinear_tf=True,
        lowercase=True,
        token_pattern=WORD_TOKEN,
    )
