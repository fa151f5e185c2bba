"""The guardrail for intentions: the hard soft cases both ways, bad input, the JSON shape,
the corpus and its splits, and the measured figures as regression guards."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fireside.errors import ExitCode
from fireside.planner import guardrail as domain
from fireside.planner.corpus import (
    SPLITS,
    Example,
    near_duplicate_groups,
    normalise,
    read_batches,
    read_examples,
    split,
)
from fireside.planner.evaluate import evaluate
from fireside.planner.guardrail import (
    IntentionError,
    RulesReading,
    guardrail_note,
    read_intention,
)
from fireside.planner.tactics import TACTICS
from fireside.practices import load_catalogue
from fireside.pronouns import PronounSet
from fireside.service import guardrail as service

DATA = Path(__file__).resolve().parents[1] / "data" / "guardrail"

GAMES = [
    # the soft ones: a plain action with an intent that makes it a game
    ("I'll wait an hour before replying so I don't seem eager.", "strategic_delay"),
    ("I'm going out with my friends this weekend so he sees I don't need him.", None),
    ("I'll tell him I need a few days to think, but really I just want him to panic.", None),
    ("I'm slowing things down so he wants me more.", "hard_to_get"),
    ("I'll post my holiday photos so he sees what he's missing.", "provoking_posts"),
    ("I'll say I can't text at work, even though I can, so he thinks I'm busy.", None),
    # the named tactics
    ("I want to make him jealous.", "jealousy"),
    ("I'm going to ignore him until he apologises, to punish him.", "silence_as_punishment"),
    ("I'll cancel our date to see if he cares.", "test"),
    ("I'm going to play hard to get.", "hard_to_get"),
    ("I'll pretend I'm busy on Saturday even though I'm free.", "fake_busy"),
    ("I'll make him feel guilty about his trip so he stays.", "guilt_trip"),
    ("I'm going to go through his phone while he sleeps.", "snooping"),
    ("I'll be really sweet this week and then go cold so he chases me.", "hot_then_cold"),
    ("No contact for thirty days so he comes back.", "no_contact_to_win_back"),
    ("I'll use reverse psychology so he proposes.", None),
    ("I want to get back at him for what he said.", None),
    # registers
    ("gonna leave him on read til he says sorry lol", "silence_as_punishment"),
    ("I shall remain aloof so that he feels compelled to pursue me.", None),
    ("I will put status with my guy friend so he will feel jealous na.", "jealousy"),
]

SINCERE = [
    "I'm going out with my friends this weekend.",
    "I'm spending more time with my friends, even if he's annoyed about it.",
    "I don't text at work, so I'll reply on my lunch break.",
    "I told him I need a few days to think.",
    "I'm slowing things down because I need to.",
    "I'm going to tell him I missed him.",
    "I'll wait to reply until I've calmed down.",
    "We broke up and I'm going no contact so I can heal.",
    "I'll text him so he knows I got home safe.",
    "I'll text to see if he's free for lunch.",
    "I'll make him dinner so he can relax after work.",
    "I'm posting my graduation photos because I'm proud of them.",
    "I have a driving test on Friday, so I can't see him Thursday.",
    "I'm going to tell him I felt jealous, and ask if we can talk about it.",
    "He's overwhelmed at work, so I'll give him some space this week.",
    "I'm going to ask him directly whether he wants something serious.",
    "gonna hang w my girls sat, so excited",
    "I'm having a quiet night in with a face mask and an early bedtime.",
]

NEGATED = [
    "I'm not going to make him jealous; I'll tell him I'd like more time together.",
    "My friend told me to play hard to get, but I'm going to be honest that I like him.",
    "I won't check his phone. If I'm worried, I'll ask him.",
    "Instead of giving him the silent treatment, I'll say I need an hour to cool down.",
    "I used to test him, but now I just ask.",
    "I'm anxious, and instead of testing him I'm going to ask him what he wants.",
    "I won't make him jealous; I'll just tell him I'd like more of his attention.",
]


# Sincere plans in the shapes the rules used to misread (from the new writers' batches, in our
# own words): advice given as an imperative and not taken, owning up to a past act, "rather
# than" / "instead of" a game, reassurance ("so he doesn't think I went cold"), hearing it from
# me first, the partner's own behaviour described ("he's been hot and cold", "he left me on
# read"), a discourse "So" at the start, "told him" without the "I".
SINCERE_SHAPES = [
    "My roommate says leave him on read for a day. I'll just reply when I see it.",
    "I'm going to tell him I'm sorry for going through his phone last month.",
    "I'll ask him straight out rather than look through his phone.",
    "I'll remind him about our anniversary instead of waiting to see if he remembers.",
    "I'm texting him so he doesn't think I went cold, work has been mad.",
    "I'll tell my boyfriend a guy asked me out so he hears it from me first.",
    "I'll leave him a voice note so he has it when he wakes up.",
    "I'll explain the night shifts so she doesn't take it the wrong way.",
    "He's been hot and cold for weeks, so I'm going to ask him what he wants.",
    "I'm blocking him after the break-up, I can't move on if I keep seeing his face.",
    "I'll text him when I'm home from the party.",
    "So he forgot to call and I'm a bit hurt. I'll tell him tomorrow.",
    "told him ill be a ghost until friday, exams",
    "He left me on read last night; I'll reply once I've slept on it.",
]
GAMES_KEPT = [
    # a past habit, then today's game after "now"; a "not" that negates nothing after it
    "I used to yell when we fought, now I just go quiet for days until he caves.",
    "I'm going to say I'm fine when I'm clearly not and see if he notices.",
    "I'll talk about my crush in front of him and watch his face.",
    "I'll say I'm out on Friday when I'll really be at home.",
    "My cousin says post a glow-up pic so he comes crawling back, and I'm thinking I might.",
]


@pytest.mark.parametrize("text", SINCERE_SHAPES)
def test_the_rules_read_sincere_plans_that_share_a_games_shape(text: str) -> None:
    assert not read_intention(text, learned=False).is_game, text


@pytest.mark.parametrize("text", GAMES_KEPT)
def test_the_rules_still_read_the_games_beside_them(text: str) -> None:
    assert read_intention(text, learned=False).is_game, text


@pytest.mark.parametrize(("text", "tactic"), GAMES)
def test_games_are_recognised(text: str, tactic: str | None) -> None:
    reading = read_intention(text)
    assert reading.is_game, text
    assert reading.tactic in TACTICS
    if tactic is not None:
        assert reading.tactic == tactic
    assert reading.why and reading.instead and reading.practices


@pytest.mark.parametrize("text", SINCERE)
def test_sincere_plans_are_never_refused(text: str) -> None:
    reading = read_intention(text)
    assert not reading.is_game, text
    assert reading.tactic is None and reading.instead is None and reading.practices == ()
    assert "yours to make" in reading.why


@pytest.mark.parametrize("text", NEGATED)
def test_a_game_turned_down_is_not_a_game(text: str) -> None:
    # the rules read negation; the learned stage does not, so it is not asked then
    assert not read_intention(text).is_game, text
    assert not read_intention(text, learned=False).is_game, text


# Round five: games whose point is said in passing, each beside a sincere plan in like words.
SAID_IN_PASSING = [
    ("I'm going to tell her I've got a work do on Friday. I don't.", "other"),
    (
        "say I'm off to a gig with the girls, there's no gig, I just want him to think I'm busy",
        None,
    ),
    ("she kept me waiting all day yesterday so she can wait", "strategic_delay"),
    ("he ignored me at the party so I'm returning the favour all week", "strategic_delay"),
    ("he's not getting any kisses tonight after that comment", "silence_as_punishment"),
    ("gonna ask his flatmate where he was on Saturday without him knowing", "snooping"),
    ("im gonna say maybe to the festival though im so keen", "hard_to_get"),
    ("leaving his text till tomorrow, dont want to seem desperate", None),
    ("I'll stop cooking for a week and let him see what an empty fridge feels like", None),
    ("told him I'm at a wedding on Saturday. there's no wedding, I'll be on the sofa", "other"),
    ("she took two days to answer me so i also reply her two days later", "strategic_delay"),
    ("putting my beach pics on my story tonight, let him look", "provoking_posts"),
    ("not answering till lunch, can't have him thinking I was waiting up", "strategic_delay"),
    ("sweet on friday, cold by sunday", "hot_then_cold"),
]
SAID_IN_PASSING_SINCERE = [
    "I'm going to tell her I'm free on Friday, because I am, and ask her out",
    "I'm asking his sister what he'd like for his birthday, without him knowing, it's a surprise",
    "I'll say maybe to the festival, I honestly don't know if I can get the time off",
    "I'll reply after my shift, we can't use phones on the ward",
    "told him I'd love to go to the wedding with him, there's no way I'd miss it",
    "I spent years pretending to be cool; now I'll just say yes when I want to see her and no when I don't",
]


@pytest.mark.parametrize(("text", "tactic"), SAID_IN_PASSING)
def test_the_rules_read_a_game_said_in_passing(text: str, tactic: str | None) -> None:
    reading = read_intention(text, learned=False)
    assert reading.is_game, text
    if tactic is not None:
        assert reading.tactic == tactic


@pytest.mark.parametrize("text", SAID_IN_PASSING_SINCERE)
def test_a_sincere_plan_in_the_same_words_stays_sincere(text: str) -> None:
    assert not read_intention(text, learned=False).is_game, text


def test_a_negator_inside_a_purpose_is_part_of_it() -> None:
    """ "don't want to seem keen" is the purpose of a game, not a game turned down; "I won't
    make him jealous" still is one turned down."""
    game = domain.read_rules("I'll answer tomorrow, don't want to seem keen")
    assert game.is_game and game.veto is None
    assert domain.read_rules("I won't make him jealous, I'll just tell him").veto == "turned_down"


def test_the_same_words_differ_by_intent() -> None:
    plain = "I'll wait a bit before I answer"
    assert not read_intention(plain + " because I'm in the middle of cooking.").is_game
    assert read_intention(plain + " so I don't come across as needy.").is_game


def test_the_explanation_is_honest_and_cites_the_seeds() -> None:
    reading = read_intention("I want to make him jealous so he commits.")
    assert "can't make anyone feel anything" in reading.why
    assert "Sally LeBoy" in reading.why and "Ashley Davene" in reading.why
    assert {"P18", "P24"} <= set(reading.practices)


def test_every_tactic_cites_existing_practices_and_the_guardrail_ones() -> None:
    ids = {p.id for p in load_catalogue().practices}
    book = domain.guardrail_book()
    assert set(book.wording) == set(TACTICS)
    for tactic, wording in book.wording.items():
        assert set(wording.practices) <= ids, tactic
        assert {"P18", "P24", "P01"} & set(wording.practices), tactic


def test_wording_follows_the_partners_pronouns_and_name() -> None:
    reading = read_intention(
        "I'll ignore her until she apologises.", pronouns=PronounSet.SHE, partner_name="Sam"
    )
    assert " her " in reading.why and " him " not in reading.why
    they = read_intention("I'll ignore them to punish them.", pronouns=PronounSet.THEY)
    assert " them " in they.why and "{" not in they.why + (they.instead or "")


def test_json_shape() -> None:
    game = read_intention("I'll make him jealous.").as_json()
    assert list(game) == ["text", "is_game", "tactic", "why", "instead", "practices"]
    assert game["is_game"] is True and game["tactic"] == "jealousy"
    assert isinstance(game["practices"], list) and all(p.startswith("P") for p in game["practices"])
    sincere = read_intention("  I'm going to the gym.  ").as_json()
    assert sincere == {
        "text": "I'm going to the gym.",
        "is_game": False,
        "tactic": None,
        "why": sincere["why"],
        "instead": None,
        "practices": [],
    }
    json.dumps(game)


@pytest.mark.parametrize("text", ["", "   \n\t", "x" * (domain.MAX_CHARS + 1)])
def test_bad_input_is_a_clear_error(text: str) -> None:
    with pytest.raises(IntentionError) as caught:
        read_intention(text)
    assert caught.value.exit_code == ExitCode.INVALID_INPUT
    assert caught.value.hint


@pytest.mark.parametrize("text", ["I'll go \udcff out", "half a \ud83d character"])
def test_text_that_is_not_valid_unicode_is_a_clear_error(text: str) -> None:
    # from a command line in the wrong encoding, or a JSON "\\ud83d" escape: the model's
    # tokenizer cannot read it, so it is named instead of crashing
    with pytest.raises(IntentionError, match="not valid text") as caught:
        read_intention(text)
    assert caught.value.exit_code == ExitCode.INVALID_INPUT


def test_not_text_is_a_clear_error() -> None:
    with pytest.raises(IntentionError, match="must be text"):
        read_intention(42)  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=300).filter(lambda t: t.strip()))
def test_any_text_gets_a_reading(text: str) -> None:
    reading = read_intention(text, learned=False)
    assert reading.is_game == (reading.tactic is not None)
    assert reading.text == text.strip()


def test_the_coach_note() -> None:
    text = "I'll leave him on read so he knows what it feels like."
    reading = read_intention(text)
    assert guardrail_note(text) == f"{reading.why} {reading.instead}"
    assert guardrail_note("I'm going to tell him I miss him.") is None
    assert guardrail_note("") is None and guardrail_note("x" * 5000) is None


@pytest.mark.parametrize(
    "draft",
    [
        "I'm not going to answer you until you apologise.",
        "Fine, I'll just go quiet so you know how it feels.",
        "ill be out with the guys all weekend so u get jealous",
    ],
)
def test_a_draft_that_states_a_game_gets_the_note(draft: str) -> None:
    assert guardrail_note(draft) is not None


@pytest.mark.parametrize(
    "draft",
    [
        "Why did you leave me on read?",  # about the partner, not a plan of the writer's
        "Check your email, I sent the flight details.",
        "I'll be at the gym, text me later!",
        "I'm going out with my friends tonight, see you tomorrow.",
        "I miss you. Can we talk on Sunday?",
    ],
)
def test_an_ordinary_draft_gets_no_note(draft: str) -> None:
    assert guardrail_note(draft) is None


def test_the_coach_corpus_drafts_rarely_get_a_note() -> None:
    drafts = [
        json.loads(line)["text"]
        for path in sorted((DATA.parent / "coach").glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    noted = [d for d in drafts if guardrail_note(d)]
    assert len(drafts) > 500 and len(noted) <= len(drafts) // 200, noted


def test_the_service_uses_the_profile_and_reads_lines_in_order() -> None:
    assert service.read_intention("make him jealous").tactic == "jealousy"
    batch = service.read_intentions(["make him jealous", "going to the gym"])
    assert [r.is_game for r in batch] == [True, False]
    lines = ['{"text": "make him jealous", "id": 7}', "not json", "", '{"text": ""}', "[1]"]
    read = list(service.read_lines(lines))
    assert [r.number for r in read] == [1, 2, 4, 5]
    assert read[0].as_json()["id"] == 7 and read[0].as_json()["is_game"] is True
    assert "not valid JSON" in (read[1].problem or "")
    assert read[2].problem == "The intention is empty."
    assert read[3].as_json() == {
        "line": 5,
        "problem": 'expected a JSON object with a "text" string',
    }


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=60), max_size=8))
def test_reading_lines_never_raises_and_keeps_every_line_number(lines: list[str]) -> None:
    lines = [line.replace("\n", " ") for line in lines]
    read = list(service.read_lines(lines))
    assert [r.number for r in read] == [i for i, line in enumerate(lines, 1) if line.strip()]


def test_without_the_embedding_model_the_rules_decide(monkeypatch: pytest.MonkeyPatch) -> None:
    from fireside.planner import learned

    learned.learned_stage.cache_clear()
    monkeypatch.setattr(learned, "embedding_function", lambda: None)
    try:
        assert learned.learned_stage() is None
        assert read_intention("make him jealous").is_game
    finally:
        learned.learned_stage.cache_clear()


# ------------------------------------------------------------------ the corpus


def test_the_corpus_is_big_balanced_and_covers_every_tactic_and_register() -> None:
    examples = read_batches(DATA / "batches")
    games = [e for e in examples if e.is_game]
    assert len(examples) >= 800
    assert 0.45 <= len(games) / len(examples) <= 0.55
    assert {e.tactic for e in games} == set(TACTICS)
    assert len({e.register for e in examples}) >= 12
    assert len({e.kind for e in examples if not e.is_game}) >= 20
    assert len({e.writer for e in examples}) >= 4  # the held-out calibration needs writers


def test_the_split_files_are_the_split_of_the_batches() -> None:
    expected = split(read_batches(DATA / "batches"))
    for name in SPLITS:
        on_disk = [e.text for e in read_examples(DATA / f"{name}.jsonl")]
        assert on_disk == [e.text for e in expected[name]], (
            f"{name}.jsonl is stale: run scripts/split_guardrail_corpus.py"
        )
        assert {e.tactic for e in expected[name] if e.is_game} == set(TACTICS), name


def test_splits_and_the_blind_set_are_disjoint_even_for_near_duplicates() -> None:
    blinds = sorted(path.stem for path in DATA.glob("blind*.jsonl"))
    assert {"blind", "blind-8"} <= set(blinds)
    parts = {name: read_examples(DATA / f"{name}.jsonl") for name in (*SPLITS, *blinds)}
    texts = [e.text for part in parts.values() for e in part]
    owners = [name for name, part in parts.items() for _ in part]
    assert len({normalise(t) for t in texts}) == len(texts)
    groups = near_duplicate_groups(texts)
    owner_of: dict[int, str] = {}
    for group, owner in zip(groups, owners, strict=True):
        assert owner_of.setdefault(group, owner) == owner
    assert len(parts["blind"]) >= 200 and all(len(parts[b]) >= 300 for b in blinds if b != "blind")


def test_the_near_duplicate_check_catches_a_paraphrase() -> None:
    groups = near_duplicate_groups(
        [
            "I'll wait an hour before replying so I don't seem eager.",
            "ill wait an hour before replying so i dont seem eager!!",
            "I'll wait an hour before replying so I don't seem too eager.",
            "I'm going out with my friends this weekend.",
        ]
    )
    assert groups[0] == groups[1] == groups[2] != groups[3]


def test_a_bad_corpus_line_is_named(tmp_path: Path) -> None:
    from fireside.planner.corpus import CorpusError

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x", "is_game": true, "tactic": "sulking"}\n')
    with pytest.raises(CorpusError, match=r"bad.jsonl:1: a game needs a 'tactic'"):
        read_examples(bad)


def test_the_learned_weights_match_the_corpus() -> None:
    """Stale weights fail here: run scripts/split_guardrail_corpus.py, then
    scripts/train_guardrail.py."""
    from fireside.coach.embedding import model_digest
    from fireside.planner.corpus import corpus_hash
    from fireside.planner.learned import read_weights

    model = read_weights()
    assert model is not None
    trained_on = [e for name in ("train", "dev") for e in read_examples(DATA / f"{name}.jsonl")]
    assert model.corpus_sha256 == corpus_hash(trained_on), (
        "model/guardrail.npz is stale: run scripts/train_guardrail.py"
    )
    assert model.model_sha256 == model_digest(), (
        "model/guardrail.npz was trained on another embedding model: run scripts/train_guardrail.py"
    )
    assert model.tactics == TACTICS
    assert model.coef.shape == (1 + len(TACTICS), 384)
    assert model.ngram_coef.shape == (len(model.ngrams.index), 1 + len(TACTICS))
    assert model.word_coef.shape == (len(model.words.index), 1 + len(TACTICS))
    assert 0.3 <= model.cutoffs.game < 1.0
    assert 0.0 <= model.cutoffs.doubt < 0.5


def test_the_weights_are_plain_arrays() -> None:
    import numpy as np

    from fireside.planner import learned

    source = resources.files("fireside.planner").joinpath(learned.MODEL_FILE)
    with source.open("rb") as handle, np.load(handle, allow_pickle=False) as data:
        assert all(data[key].dtype != object for key in data.files)


def _rules(
    game: bool = False, named: str | None = None, veto: str | None = None, firm: bool = False
) -> RulesReading:
    return RulesReading(game, "jealousy" if game else None, named, veto, firm)


def test_the_one_combination_of_rules_and_model() -> None:
    from fireside.planner.learned import Cutoffs, Judgement, combine

    at = Cutoffs(game=0.7, doubt=0.3)
    sure = Judgement(0.99, "test")
    unsure = Judgement(0.3, "test")
    # a game the rules find stays one, with their tactic, unless the model is all but sure
    # it is sincere; a firm one (a short plan that is a game in itself) always stays
    assert combine(_rules(game=True), unsure, at) == (True, "jealousy")
    assert combine(_rules(game=True), Judgement(0.29, "test"), at) == (False, None)
    assert combine(_rules(game=True, firm=True), Judgement(0.01, "test"), at) == (True, "jealousy")
    assert combine(_rules(game=True), None, at) == (True, "jealousy")
    # a game the rules find but cannot name gets the model's tactic
    other = RulesReading(True, "other", None, None)
    assert combine(other, unsure, at) == (True, "test")
    assert combine(other, None, at) == (True, "other")
    # the model adds a game at or above the threshold; its tactic unless a signal names one
    assert combine(_rules(), sure, at) == (True, "test")
    assert combine(_rules(named="fake_busy"), sure, at) == (True, "fake_busy")
    assert combine(_rules(), Judgement(0.7, "test"), at) == (True, "test")
    assert combine(_rules(), unsure, at) == (False, None)
    # an explicit veto keeps the model out; without the model the rules decide
    assert combine(_rules(veto="turned_down"), sure, at) == (False, None)
    assert combine(_rules(veto="sincere_purpose"), sure, at) == (False, None)
    assert combine(_rules(), None, at) == (False, None)


def test_a_short_plan_that_is_a_game_in_itself_is_firm() -> None:
    assert domain.read_rules("I'm going to make him jealous at the party").firm
    assert domain.read_rules("I'm going to play hard to get.").firm
    assert not domain.read_rules("I'll answer tomorrow, don't want to seem keen").firm
    assert not domain.read_rules("I'm going out with my friends this weekend").firm
    long = "I keep thinking I should play hard to get with him like my friends all say I should"
    assert domain.read_rules(long).is_game and not domain.read_rules(long).firm


@pytest.mark.parametrize(
    ("text", "veto"),
    [
        ("my friend said leave him on read but nah im just gonna answer lol", "turned_down"),
        ("I'm not going to make him jealous.", "turned_down"),
        ("I'm muting the group chat for my own peace this week.", "sincere_purpose"),
        ("I'm taking a week off social media so I can clear my head.", "sincere_purpose"),
        ("I'm switching my phone off tonight to recharge.", "sincere_purpose"),
        ("I'll spend Sunday alone, not to punish him, I just need a day.", "turned_down"),
        ("I used to check his phone all the time.", "turned_down"),  # the past
        ("I'm going out with my friends this weekend.", None),
        # someone else's advice: whether it is followed is for the model to read
        ("My sister says I should ignore him for a week.", None),
    ],
)
def test_the_rules_veto_the_model_only_when_explicit(text: str, veto: str | None) -> None:
    reading = domain.read_rules(text)
    assert not reading.is_game and reading.veto == veto
    if veto is not None:
        assert not read_intention(text).is_game  # the model is not asked


def test_a_veto_never_clears_a_game_the_rules_find() -> None:
    text = "I'll ignore him for my own peace until he apologises."
    assert domain.read_rules(text).is_game and read_intention(text).is_game


def test_the_stage_judges_a_batch_as_one_at_a_time() -> None:
    from fireside.planner.learned import learned_stage

    stage = learned_stage()
    if stage is None:
        pytest.skip("the coach's embedding model is not installed")
    texts = ["I'll wait an hour so I don't seem keen", "gym then bed", "x" * 2000]
    batch = stage.judge(texts)
    for text, judged in zip(texts, batch, strict=True):
        alone = stage.judge([text])[0]
        assert judged.tactic == alone.tactic
        assert judged.chance == pytest.approx(alone.chance, abs=1e-4)


# ------------------------------------------------------------------ the figures
# Regression guards: what docs/guardrail.md reports, for the rules alone (the learned stage
# needs the coach's embedding model; its figures are guarded below when it is installed).

RULES_FLOOR = {  # set: (least share of games found, most share of sincere plans flagged)
    # dev and test hold batch 20's subtle games since 2026-12-02, batch 21's (writer g7)
    # games said in passing and look-alike sincere plans since 2026-12-03, and blind sets 3 to 7
    # (batches 22 to 26, trained on since they were seen) and writers g8-g10 (batches 27-29)
    # since 2026-12-03 too
    "dev": (0.69, 0.028),
    "test": (0.60, 0.036),
    "blind": (0.69, 0.01),
    "blind-8": (0.55, 0.029),
    "blind-11": (0.78, 0.018),
    "blind-12": (0.61, 0.031),
    # the blind sets of before, now batches: the rules' floors of when they were blind sets
    "batch-22": (0.66, 0.043),
    "batch-23": (0.58, 0.035),
    "batch-24": (0.66, 0.031),
    "batch-25": (0.54, 0.019),
    "batch-26": (0.64, 0.033),
}
# The splits as they were before batch 20 (its writer and later ones left out): the rules'
# floors of then. (Splitting is by a stable hash: a new batch never moves an older line.)
RULES_FLOOR_BEFORE_BATCH_20 = {"dev": (0.78, 0.01), "test": (0.65, 0.027)}
LATER_WRITERS = {"g6", "g7", "g8", "g9", "g10", *(f"guard-blind-{n}" for n in range(3, 8))}
# Re-pinned on 2026-12-04, when the threshold was calibrated for 3% of sincere plans flagged
# (leaving one writer out) instead of 2.5%: every games floor rose, the flagged bounds with it.
LEARNED_FLOOR = {
    "dev": (0.97, 0.005),
    "test": (0.89, 0.033),
    "blind": (0.92, 0.028),
    "blind-8": (0.87, 0.033),
    "blind-9": (0.87, 0.040),
    "blind-10": (0.87, 0.031),
    "blind-11": (0.96, 0.018),
    "blind-12": (0.87, 0.027),
    "blind-13": (0.91, 0.031),
}


def _lines(name: str) -> list[Example]:
    """A split or blind set (data/guardrail/NAME.jsonl), or a batch (batches/NAME.jsonl)."""
    folder = DATA / "batches" if name.startswith("batch-") else DATA
    return read_examples(folder / f"{name}.jsonl")


@pytest.mark.parametrize("name", sorted(RULES_FLOOR_BEFORE_BATCH_20))
def test_the_rules_keep_their_figures_on_the_splits_as_they_were(name: str) -> None:
    earlier = [e for e in read_examples(DATA / f"{name}.jsonl") if e.writer not in LATER_WRITERS]
    figures = evaluate(earlier, learned=False)
    least_found, most_flagged = RULES_FLOOR_BEFORE_BATCH_20[name]
    assert figures.games_rate >= least_found, figures.mistakes
    assert figures.flagged_rate <= most_flagged, figures.mistakes


@pytest.mark.parametrize("name", sorted(RULES_FLOOR))
def test_figures_of_the_rules(name: str) -> None:
    figures = evaluate(_lines(name), learned=False)
    least_found, most_flagged = RULES_FLOOR[name]
    assert figures.games_rate >= least_found, figures.mistakes
    assert figures.flagged_rate <= most_flagged, figures.mistakes


@pytest.mark.parametrize("name", sorted(LEARNED_FLOOR))
def test_figures_with_the_learned_stage(name: str) -> None:
    from fireside.planner.learned import learned_stage

    if learned_stage() is None:
        pytest.skip("the coach's embedding model (fireside.coach.embedding) is not installed")
    figures = evaluate(_lines(name), learned=True)
    least_found, most_flagged = LEARNED_FLOOR[name]
    assert figures.games_rate >= least_found
    assert figures.flagged_rate <= most_flagged


# ------------------------------------------------------------------ adding a batch


def _add_batch(tmp_path: Path, lines: list[str], *extra: str) -> subprocess.CompletedProcess[str]:
    source = tmp_path / "new.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    script = DATA.parents[1] / "scripts" / "add_guardrail_batch.py"
    return subprocess.run(
        [sys.executable, str(script), str(source), "--name", "batch-99", *extra],
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_new_batch_is_checked_and_near_duplicates_left_out(tmp_path: Path) -> None:
    existing = read_examples(DATA / "blind.jsonl")[0]
    row = {"is_game": False, "tactic": None, "register": "plain", "writer": "w"}
    lines = [
        json.dumps({**row, "text": existing.text.upper() + "!!"}),  # the blind set's, shouted
        json.dumps({**row, "text": "I'm taking the train to see my gran on Sunday."}),
    ]
    done = _add_batch(tmp_path, lines, "--writer", "w", "--dry-run")
    assert done.returncode == 0, done.stderr
    assert "left out, near an existing line: new.jsonl:1" in done.stdout
    assert "batch-99: 1 kept (0 games, 1 sincere), 1 left out of 2" in done.stdout
    assert not (DATA / "batches" / "batch-99.jsonl").exists()


def test_a_bad_line_of_a_new_batch_is_named(tmp_path: Path) -> None:
    row = {"text": "make him jealous", "is_game": True, "tactic": "jealousy", "writer": "w"}
    wrong_writer = _add_batch(tmp_path, [json.dumps(row)], "--writer", "someone", "--dry-run")
    assert wrong_writer.returncode == 1
    assert "new.jsonl:1: 'writer' is 'w', expected 'someone'" in wrong_writer.stderr
    no_tactic = _add_batch(tmp_path, [json.dumps({**row, "tactic": None})], "--writer", "w")
    assert no_tactic.returncode == 1 and "new.jsonl:1: a game needs a 'tactic'" in no_tactic.stderr
    assert not (DATA / "batches" / "batch-99.jsonl").exists()


# ------------------------------------------------------------------ plans weighed and put down


@pytest.mark.parametrize(
    "text",
    [
        "Deleting him from everything. Not so he misses me, I just can't heal while he's there",
        "Blocking her everywhere for a while. Not so she'll come back. I need quiet",
        "was gonna leave him on read to look chill. decided i'm not that girl. replied with a heart",
        "Thought about sulking till he noticed. Decided I'll just tell him I'm disappointed",
        "My friend wants me to flirt with someone so he gets the hint. I'd rather just tell him",
    ],
)
def test_a_game_negated_or_put_down_is_not_read_as_the_plan(text: str) -> None:
    assert not read_intention(text, learned=False).is_game


@pytest.mark.parametrize(
    "text",
    [
        "Deleting him from everything so he misses me",
        "blocking her for a week so she'll come back begging",
        "leaving him on read to look chill",
        "My friend wants me to flirt with someone so he gets the hint, so I will",
    ],
)
def test_the_same_games_stated_as_plans_still_are(text: str) -> None:
    assert read_intention(text, learned=False).is_game
