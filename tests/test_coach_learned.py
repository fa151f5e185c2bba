"""The coach's learned stage: weights from the current corpus, loaded offline, combined with the
rules in one documented way, and every finding it makes worded for a person."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fireside.coach import CheckResult, Draft, Verdict, check_message, check_messages
from fireside.coach.corpus import (
    corpus_digest,
    near_duplicate_groups,
    read_batches,
    read_entries,
    split,
)
from fireside.coach.embedding import model_digest
from fireside.coach.learned import label_model
from fireside.coach.ngrams import WORD_TOKEN, CharNgrams, WordNgrams, char_wb_ngrams, word_ngrams

CORPUS = Path(__file__).resolve().parents[1] / "data" / "coach"


def test_the_weights_come_from_the_current_corpus() -> None:
    """Stale weights fail here: run scripts/split_coach_corpus.py, then scripts/train_coach.py."""
    model = label_model()
    assert model is not None
    entries = [e for name in ("train", "dev") for e in read_entries(CORPUS / f"{name}.jsonl")]
    assert model.corpus_sha256 == corpus_digest(entries)
    assert model.model_sha256 == model_digest(), "trained on another embedding model"
    assert model.ngram_coef.shape == (len(model.ngrams.index), len(model.labels))
    assert model.word_coef.shape == (len(model.words.index), len(model.labels))


def test_the_splits_are_what_the_batches_give() -> None:
    """train/dev/test.jsonl are exactly the split of the batches (nobody edited them by hand)."""
    splits = split(read_batches(CORPUS / "batches"))
    for name, rows in splits.items():
        written = [e.text for e in read_entries(CORPUS / f"{name}.jsonl")]
        assert written == [e.text for e in rows], name


def test_splits_and_the_blind_set_share_no_text_and_no_near_duplicate() -> None:
    entries = read_batches(CORPUS / "batches")
    parts = split(entries)
    for blind in sorted(CORPUS.glob("blind*.jsonl")):
        parts[blind.stem] = list(read_entries(blind))
    assert {"blind", "blind-9"} <= set(parts)
    names = [name for name, rows in parts.items() for _ in rows]
    texts = [e.text for rows in parts.values() for e in rows]
    groups = near_duplicate_groups(texts)
    home: dict[int, str] = {}
    for name, group in zip(names, groups, strict=True):
        assert home.setdefault(group, name) == name, texts[groups.index(group)]


def test_the_corpus_is_big_and_varied_enough() -> None:
    entries = read_batches(CORPUS / "batches")
    assert len(entries) >= 4000
    writers = {e.writer for e in entries}
    assert len(writers) >= 6
    registers = {r for e in entries for r in e.register.split(",") if r}
    assert {"texting", "uk", "au", "in", "ng", "voice", "formal"} <= registers
    counts: dict[str, int] = {}
    for entry in entries:
        for label in entry.labels or ("neutral",):
            counts[label] = counts.get(label, 0) + 1
    assert counts.pop("neutral") >= 1000
    assert min(counts.values()) >= 150, counts


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=40), min_size=1, max_size=6))
def test_character_ngrams_are_scikit_learns(texts: list[str]) -> None:
    """The run-time transform gives the numbers training used (scikit-learn's char_wb tf-idf)."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    corpus = ["i miss you", "why haven't u called??", "k.", "Thanks so much 😊", *texts]
    vectoriser = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)
    try:
        expected = vectoriser.fit_transform(corpus).toarray()
    except ValueError:  # an empty vocabulary
        return
    vocabulary = sorted(vectoriser.vocabulary_, key=vectoriser.vocabulary_.__getitem__)
    ours = CharNgrams(vocabulary, vectoriser.idf_.astype(np.float32), 2, 5)
    identity = np.eye(len(vocabulary), dtype=np.float32)
    got = ours.logits(corpus, identity)
    assert np.allclose(got, expected, atol=1e-5)
    for text in corpus:
        analyse = vectoriser.build_analyzer()
        assert char_wb_ngrams(text, 2, 5) == analyse(text)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.sampled_from("ab yoU'’!é\n_1"), min_size=0, max_size=40)
        | st.text(min_size=0, max_size=30),
        min_size=1,
        max_size=6,
    )
)
def test_word_ngrams_are_scikit_learns(texts: list[str]) -> None:
    """The run-time word n-grams give the numbers training used (scikit-learn's word tf-idf
    with fireside's token pattern, one to three words)."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    corpus = ["so he sees", "so he doesn't worry", "i miss u", "k.", *texts]
    vectoriser = TfidfVectorizer(
        analyzer="word", ngram_range=(1, 3), sublinear_tf=True, token_pattern=WORD_TOKEN
    )
    try:
        expected = vectoriser.fit_transform(corpus).toarray()
    except ValueError:  # an empty vocabulary
        return
    vocabulary = sorted(vectoriser.vocabulary_, key=vectoriser.vocabulary_.__getitem__)
    ours = WordNgrams(vocabulary, vectoriser.idf_.astype(np.float32), 1, 3)
    got = ours.logits(corpus, np.eye(len(vocabulary), dtype=np.float32))
    assert np.allclose(got, expected, atol=1e-5)
    analyse = vectoriser.build_analyzer()
    for text in corpus:
        assert word_ngrams(text, 1, 3) == analyse(text)


def test_the_model_loads_from_the_installed_packages_with_the_network_blocked(
    tmp_path: Path,
) -> None:
    script = """
import socket, sys
def refuse(*args, **kwargs):
    raise OSError("network is blocked in this test")
socket.socket = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
import time
started = time.perf_counter()
from fireside.coach import check_message
from fireside.coach import embedding, learned
result = check_message("wow nice of you to finally show up")
model_file = str(embedding.model_file())
assert "site-packages" in model_file or "dist-packages" in model_file, model_file
print(result.verdict, sorted(result.labels), round(time.perf_counter() - started, 2))
"""
    env = {"HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin", "FIRESIDE_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "contempt" in done.stdout


SARCASTIC_THANKS = [
    "Oh great, thanks so much for remembering my birthday. Really.",
    "Wow, nice of you to finally text back",
    "thanks for nothing I guess",
    "Gee thanks for the heads up, only two hours late",
]


@pytest.mark.parametrize("text", SARCASTIC_THANKS)
def test_sarcasm_is_never_appreciation(text: str) -> None:
    result = check_message(text)
    assert "appreciation" not in result.labels
    assert result.verdict is not Verdict.SEND


@pytest.mark.parametrize(
    "text",
    [
        "whatever. do what you want.",
        "Fine.",
        "K.",
        "are you mad at me? please just tell me",
    ],
)
def test_curt_and_anxious_replies_are_not_called_warm(text: str) -> None:
    result = check_message(text)
    assert result.findings, text
    rewrite = result.suggested_rewrite or ""
    assert rewrite and not check_message(rewrite).findings
    assert "catch up later" not in rewrite  # nothing grafted in front of the person's words


def test_findings_the_model_alone_makes_are_worded_like_the_rules() -> None:
    texts = [json.loads(line)["text"] for line in (CORPUS / "test.jsonl").read_text().splitlines()]
    learned = [
        (result, finding)
        for result in check_messages(Draft(t) for t in texts)
        if isinstance(result, CheckResult)
        for finding in result.findings
        if finding.found_by == "model"
    ]
    assert len(learned) >= 20
    for result, finding in learned:
        assert 0 <= finding.start < finding.end <= len(result.text)
        assert finding.why and finding.rewrite and finding.meaning and finding.credits
        assert "_" not in finding.meaning  # plain words, never a label id
        assert result.suggested_rewrite


_INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(
        [
            "Why haven't you called me yet today?",
            "Don't you miss me?",
            "are you mad at me",
            "Thanks for dinner, you're the best",
            "we need to talk about money",
        ]
    ),
    st.lists(st.tuples(st.integers(0, 60), st.sampled_from(_INVISIBLE)), max_size=6),
)
def test_zero_width_characters_never_flip_a_verdict(
    text: str, insertions: list[tuple[int, str]]
) -> None:
    damaged = text
    for position, character in insertions:
        at = min(position, len(damaged))
        damaged = damaged[:at] + character + damaged[at:]
    clean, noisy = check_message(text), check_message(damaged)
    assert noisy.verdict == clean.verdict
    assert noisy.labels == clean.labels
    for finding in noisy.findings:
        assert 0 <= finding.start < finding.end <= len(damaged)


@pytest.mark.parametrize(
    "wrapper",
    [
        "\x1b]0;hello\x07{}",
        "\x1b[2J\x1b[H{}",
        "\u202e{}",
        "{}\x1b[31m",
        "\u2066{}\u2069",
    ],
)
def test_escape_sequences_and_bidi_controls_never_hide_a_finding(wrapper: str) -> None:
    text = "Why haven't you called me yet today?"
    assert check_message(wrapper.format(text)).labels == check_message(text).labels


@pytest.mark.parametrize(
    "text",
    [
        "¿Dónde estás?",
        "Te extraño mucho",
        "Hola amor",
        "Ti amo",
        "Mi manchi tanto",
        "Je t'aime",
        "Tu me manques",
        "Pourquoi tu ne réponds pas?",
        "Wo bist du?",
        "Warum antwortest du nicht?",
        "Onde você está?",
        "Não me liga mais",
        "Perché non mi hai chiamato?",
    ],
)
def test_short_drafts_in_other_languages_get_the_note_and_no_findings(text: str) -> None:
    result = check_message(text)
    assert result.supported is False
    assert not result.findings and not result.strengths


def test_a_batch_checks_like_one_at_a_time() -> None:
    texts = ["Don't you miss me?", "", "I love you", "K.", "we need to talk"]
    batch = list(check_messages(Draft(t) for t in texts))
    for text, result in zip(texts, batch, strict=True):
        if not text:
            assert not isinstance(result, CheckResult)
            continue
        assert isinstance(result, CheckResult)
        assert result.as_json() == check_message(text).as_json()


def test_a_draft_that_states_a_game_gets_the_guardrails_note() -> None:
    result = check_message("I'm going to ignore you until you say sorry.")
    assert any(n.kind == "guardrail" for n in result.notes)
    assert result.verdict is Verdict.PAUSE
    calm = check_message("I'm going out with my friends this weekend, see you Sunday!")
    assert not any(n.kind == "guardrail" for n in calm.notes)


def test_a_rule_finding_stands_unless_the_model_rules_it_out() -> None:
    from fireside.coach.learned import Scored, combine

    scores = {
        "contempt": Scored("contempt", 0.02, None),
        "accusation": Scored("accusation", 0.40, None),
        "humor": Scored("humor", 0.97, None),
    }
    thresholds = {"contempt": 0.9, "accusation": 0.9, "humor": 0.8}
    vetoes = {"contempt": 0.05, "accusation": 0.05, "humor": 0.0}
    found, only_model = combine({"contempt", "accusation"}, scores, thresholds, {}, {}, vetoes)
    assert found == {"accusation", "humor"} and only_model == {"humor"}  # contempt ruled out
    unscored = combine({"contempt"}, {}, thresholds, {}, {}, vetoes)
    assert unscored == ({"contempt"}, set())  # without the model's word the rule stands
    assert combine({"contempt"}, scores, thresholds, {}, {}, None)[0] == {"contempt", "humor"}


def test_the_shipped_vetoes_never_exceed_their_thresholds() -> None:
    model = label_model()
    assert model is not None
    assert (model.vetoes <= model.thresholds).all() and (model.vetoes >= 0).all()


@pytest.mark.parametrize(
    ("text", "label", "expected"),
    [
        ("oh great news!! tell ur brother congrats from me", "contempt", False),
        ("oh great. love that for me", "contempt", True),
        ("I'm not asking you to fix it, I just wanted you to know.", "demand_pressure", False),
        ("I'm not asking, I'm telling you.", "demand_pressure", True),
        ("You always make my mum feel so welcome.", "accusation", False),
        ("You always make me feel like an afterthought.", "accusation", True),
    ],
)
def test_rules_tell_good_news_and_reassurance_from_pressure(
    text: str, label: str, expected: bool
) -> None:
    assert (label in check_message(text, model=False).labels) is expected


# ------------------------------------------------------------------ adding a batch


def _add_batch(tmp_path: Path, lines: list[str], *extra: str) -> subprocess.CompletedProcess[str]:
    source = tmp_path / "new.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    script = CORPUS.parents[1] / "scripts" / "add_coach_batch.py"
    return subprocess.run(
        [sys.executable, str(script), str(source), "--name", "batch-99", *extra],
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_new_coach_batch_leaves_out_near_duplicates_of_the_corpus_and_blind_sets(
    tmp_path: Path,
) -> None:
    blind = next(read_entries(CORPUS / "blind-9.jsonl"))
    row = {"labels": ["neutral"], "register": "plain", "writer": "w"}
    lines = [
        json.dumps({**row, "text": blind.text.upper() + "!!"}),  # a blind set's, shouted
        json.dumps({**row, "text": "Bringing the good umbrella, the forecast says rain by four."}),
        json.dumps({**row, "text": "bringing the good umbrella the forecast says rain by four"}),
    ]
    done = _add_batch(tmp_path, lines, "--writer", "w", "--dry-run")
    assert done.returncode == 0, done.stderr
    assert "left out, near an existing line: " in done.stdout and "new.jsonl:1" in done.stdout
    assert "new.jsonl:3" in done.stdout  # the second of two near-twins in the batch itself
    assert "batch-99: 1 kept, 2 left out of 3" in done.stdout
    assert not (CORPUS / "batches" / "batch-99.jsonl").exists()


def test_a_bad_line_of_a_new_coach_batch_is_named_and_nothing_written(tmp_path: Path) -> None:
    good = {"text": "see you at six", "labels": ["neutral"], "writer": "w"}
    unknown = {"text": "ugh", "labels": ["grumpy"], "writer": "w"}
    done = _add_batch(tmp_path, [json.dumps(good), json.dumps(unknown)], "--writer", "w")
    assert done.returncode == 1 and "new.jsonl:2" in done.stderr and "grumpy" in done.stderr
    other = _add_batch(tmp_path, [json.dumps(good)], "--writer", "someone")
    assert other.returncode == 1 and "expected 'someone'" in other.stderr
    assert not (CORPUS / "batches" / "batch-99.jsonl").exists()
