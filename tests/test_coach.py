"""The message coach: what it finds, what it leaves alone, how it rewrites, when it pauses."""

from __future__ import annotations

import functools
import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fireside.coach import (
    ALL_LABELS,
    PROBLEM_LABELS,
    CheckResult,
    Draft,
    EmptyDraftError,
    History,
    Verdict,
    check_message,
    check_messages,
)
from fireside.coach.evaluate import evaluate, read_examples
from fireside.coach.rules import rule_book
from fireside.coach.text import INVISIBLE
from fireside.errors import InvalidValueError
from fireside.profile import Profile
from fireside.pronouns import PronounSet

CORPUS = Path(__file__).resolve().parents[1] / "data" / "coach"
PROFILE = Profile(
    timezone="Europe/London", work_end=datetime(2026, 1, 1, 17, 30).time(), commute_minutes=45
)


def problems(text: str) -> set[str]:
    return {f.label for f in check_message(text).findings}


# ---------------------------------------------------------------- the seeds' own examples


def test_dont_you_miss_me_becomes_i_miss_you() -> None:
    result = check_message("Don't you miss me?")
    assert [f.label for f in result.findings] == ["spotlight_question"]
    assert result.suggested_rewrite == "I miss you."
    assert result.verdict is Verdict.SOFTEN
    assert "P08" in result.findings[0].practices


def test_why_havent_you_called_keeps_today() -> None:
    result = check_message("Why haven't you called me yet today?")
    assert problems("Why haven't you called me yet today?") == {"spotlight_question"}
    assert result.suggested_rewrite == "I've been thinking of you today."


def test_feels_like_youre_ignoring_me_speaks_from_my_side() -> None:
    result = check_message("It feels like you're ignoring me")
    assert problems("It feels like you're ignoring me") == {"accusation"}
    rewrite = result.suggested_rewrite or ""
    assert rewrite.startswith("I feel a bit disconnected") and "hear from you" in rewrite
    assert "?" not in rewrite


@pytest.mark.parametrize(
    "text",
    [
        "I really miss you, I wish we could be together right now",
        "I've been thinking of you today. Just wanted to say I love you.",
    ],
)
def test_the_seeds_good_examples_are_sent_as_they_are(text: str) -> None:
    result = check_message(text)
    assert result.verdict is Verdict.SEND and not result.findings
    assert "i_statement" in {s.label for s in result.strengths}


# ---------------------------------------------------------------- what must not be flagged


@pytest.mark.parametrize(
    "text, strength",
    [
        ("I'll kill you for eating my fries lol", "humor"),
        ("I GOT THE JOB!!!", None),
        ("You're amazing", "appreciation"),
        ("Can you grab milk on the way home?", None),
        ("Good luck at the interview, you've got this!", "encouragement"),
        ("Sure, whatever you want to eat is fine with me.", None),
        ("WE'RE GOING TO PARIS!!!", None),
    ],
)
def test_jokes_joy_praise_and_logistics_carry_no_problem(text: str, strength: str | None) -> None:
    result = check_message(text)
    assert not result.findings, [f.label for f in result.findings]
    assert result.verdict is Verdict.SEND
    if strength:
        assert strength in {s.label for s in result.strengths}


# ---------------------------------------------------------------- spans and shorthand


def test_spans_point_into_the_original_text_even_with_shorthand() -> None:
    text = "ok so r u mad at me?? why havent u texted"
    result = check_message(text)
    spans = {f.label: text[f.start : f.end] for f in result.findings}
    assert spans["reassurance_seeking"] == "r u mad"
    assert spans["spotlight_question"].startswith("why havent u")


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=300).filter(lambda t: t.strip()))
def test_any_text_gets_an_answer_with_valid_spans(text: str) -> None:
    try:
        result = check_message(text)
    except EmptyDraftError:  # nothing but control or invisible characters
        assert not INVISIBLE.sub("", text).strip()
        return
    assert result.verdict in set(Verdict)
    for item in (*result.findings, *result.strengths):
        assert item.label in ALL_LABELS
        assert 0 <= item.start < item.end <= len(text)


# ---------------------------------------------------------------- rewrites


@functools.cache
def _problem_results() -> list[CheckResult]:
    """Every message of the test split that gets a finding (rules and the learned stage)."""
    texts = [json.loads(line)["text"] for line in (CORPUS / "test.jsonl").read_text().splitlines()]
    results = check_messages(Draft(t) for t in texts)
    return [r for r in results if isinstance(r, CheckResult) and r.findings]


def test_every_rewrite_in_the_corpus_is_free_of_problems_and_keeps_what_matters() -> None:
    when = rule_book().lexicon["when"]
    results = _problem_results()
    assert len(results) > 250
    rewrites = sorted({r.suggested_rewrite or "" for r in results})
    assert "" not in rewrites  # a message with findings always gets a rewrite
    flagged = {
        r.text: sorted(f.label for f in r.findings)
        for r in check_messages(Draft(t) for t in rewrites)
        if isinstance(r, CheckResult) and r.findings
    }
    assert not flagged, flagged
    for result in results:
        text, rewrite = result.text, result.suggested_rewrite or ""
        for phrase in when:  # time words survive ("today", "tonight", ...)
            problem_sentences = " ".join(text[f.start : f.end] for f in result.findings)
            ruled_out = re.search(rf"\bnot\s+{phrase}\b", text, re.I)  # "not tomorrow, tonight"
            if (
                re.search(rf"\b{phrase}\b", text, re.I)
                and phrase in problem_sentences.lower()
                and not ruled_out
            ):
                assert phrase in rewrite.lower(), (text, rewrite)
        for finding in result.findings:  # named topics survive ("money", "moving in together")
            if (
                finding.label == "heavy_topic"
                and finding.rewrite
                and "about something" not in finding.rewrite
            ):
                assert finding.rewrite.rstrip("?. ") in rewrite


def test_a_rewrite_is_made_of_the_drafts_own_sentences_and_the_findings_rewrites() -> None:
    """Never grafted text, never only the hard part deleted: each piece of the rewrite is a
    sentence of the draft left as written, or the rewrite of one of its findings."""
    templates = rule_book().wording["rewrite"]
    fragments = sorted(
        {f.strip() for t in templates.values() for f in re.split(r"\{\w+\}", t) if f.strip()},
        key=len,
        reverse=True,
    )
    allowed = set(" ".join([*rule_book().lexicon["when"], templates["topic_default"]]).split())
    for result in _problem_results()[:300]:
        rewrite = result.suggested_rewrite or ""
        assert any(f.rewrite for f in result.findings), result.text
        rest = rewrite
        for fragment in fragments:
            rest = rest.replace(fragment, " ")
        leftover = re.sub(r"[^\w]+", " ", rest).strip().lower()
        original = set(re.sub(r"[^\w]+", " ", result.text).lower().split())
        for word in leftover.split():
            assert word in original | allowed, (result.text, rewrite, word)


def test_rewrites_never_ask_about_his_feelings_or_add_pressure() -> None:
    pressure = re.compile(
        r"\b(?:do|don't|did)\s+you\s+(?:miss|love|care)|\bwhy\b|\b(?:call|text|answer)\s+me\b|!{2,}",
        re.I,
    )
    for template in rule_book().wording["rewrite"].values():
        assert not pressure.search(template), template


def test_unflagged_sentences_are_kept_word_for_word() -> None:
    text = "Dinner at 7 works. Why didn't you call me back? Love you."
    rewrite = check_message(text).suggested_rewrite or ""
    assert rewrite.startswith("Dinner at 7 works.") and rewrite.endswith("Love you.")


# ---------------------------------------------------------------- gates


def test_high_mood_pauses_and_offers_grounding() -> None:
    result = check_message("See you at 8", mood=3)
    assert result.verdict is Verdict.PAUSE
    assert result.grounding is not None and len(result.grounding.steps) == 5
    assert any("water" in step.lower() for step in result.grounding.steps)
    assert check_message("See you at 8", mood=2).verdict is Verdict.SEND


def test_angry_or_anxious_drafts_pause() -> None:
    assert check_message("You're such an idiot").verdict is Verdict.PAUSE
    assert check_message("Are you mad at me?").grounding is not None


@pytest.mark.parametrize("mood", [-1, 5])
def test_mood_outside_0_to_4_is_refused(mood: int) -> None:
    with pytest.raises(InvalidValueError, match="mood"):
        check_message("hi", mood=mood)


@pytest.mark.parametrize(
    "at, paused",
    [
        ("2026-11-23T18:10", True),  # Monday, 40 minutes after work ends: he is still commuting
        ("2026-11-23T11:00", False),  # Monday morning: a fine time to ask for a talk
        ("2026-11-23T23:30", True),  # late at night
        ("2026-11-22T18:10", False),  # Sunday: no commute
    ],
)
def test_heavy_topics_wait_for_a_good_moment(at: str, paused: bool) -> None:
    result = check_message(
        "We need to talk about money.", at=datetime.fromisoformat(at), profile=PROFILE
    )
    assert (result.verdict is Verdict.PAUSE) is paused
    assert any(n.kind == "timing" for n in result.notes) is paused
    assert result.verdict in (Verdict.PAUSE, Verdict.SOFTEN)


def test_several_unanswered_messages_suggest_waiting_with_his_usual_reply_time() -> None:
    history = History(
        unanswered=3,
        since_last_mine=timedelta(minutes=20),
        partner_median_reply=timedelta(minutes=42),
    )
    result = check_message("Hey, thinking of you", history=history)
    assert result.verdict is Verdict.PAUSE
    note = next(n for n in result.notes if n.kind == "history")
    assert (
        "3 messages" in note.message
        and "42 minutes" in note.message
        and "20 minutes" in note.message
    )
    assert "P07" in note.practices
    assert check_message("Hey", history=History(unanswered=1)).verdict is Verdict.SEND


def test_all_wording_reads_well_with_they() -> None:
    from fireside.coach.check import _wording

    def texts(node: object) -> list[str]:
        if isinstance(node, str):
            return [node]
        if isinstance(node, dict):
            return [t for v in node.values() for t in texts(v)]
        if isinstance(node, list):
            return [t for v in node for t in texts(v)]
        return []

    for text in texts(_wording(PronounSet.THEY, None)):
        slip = re.search(r"\b[Tt]hey (?:is|has|was|does|hasn't|doesn't|[a-z]+[^s]s)\b", text)
        assert slip is None, (slip and slip.group(), text)
        assert "{he}" not in text and "{his}" not in text


def test_every_sentence_follows_the_partners_pronouns() -> None:
    they = Profile(partner_pronouns=PronounSet.THEY, timezone="UTC")
    why = check_message("Don't you miss me?", profile=they).findings[0].why
    assert "whether they miss you" in why and "their feelings" in why
    for sentence in (
        check_message("Why haven't you called?", profile=they).findings[0].why.split(";")
    ):
        assert not re.search(r"\bthey (?:has|is|misses|hasn't)\b", sentence), sentence


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("text", ["", "   \n\t "])
def test_empty_drafts_are_refused(text: str) -> None:
    with pytest.raises(EmptyDraftError):
        check_message(text)


def test_very_long_drafts_are_answered() -> None:
    text = ("I miss you. " * 300) + "Why haven't you called me?" + (" See you soon." * 100)
    assert len(text) > 5000
    result = check_message(text)
    assert "spotlight_question" in {f.label for f in result.findings}


@pytest.mark.parametrize(
    "text",
    [
        "Sie ist heute nicht zu Hause und ich weiß nicht warum",
        "Hola, ¿cómo estás? Te quiero mucho",
        "Привет, как дела? Я скучаю",
    ],
)
def test_other_languages_get_a_note_and_no_invented_findings(text: str) -> None:
    result = check_message(text)
    assert result.supported is False and not result.findings and not result.strengths
    assert any(n.kind == "language" for n in result.notes)


# ---------------------------------------------------------------- quality targets (regression guard)


def test_the_untouched_test_split_holds_its_figures() -> None:
    """A regression guard on the test split (never trained or tuned on; written by the same
    writers as train, so it flatters): the learned stage must keep adding what it adds.
    Figures of 2026-12-01, see benchmarks/RESULTS.md: rules 0.60, rules + model 0.71."""
    examples = list(read_examples(CORPUS / "test.jsonl"))
    both = evaluate(examples)
    rules = evaluate(examples, model=False)
    assert both.macro_f1 >= 0.69
    assert both.macro_f1 >= rules.macro_f1 + 0.08
    assert both.problem.recall >= 0.65
    assert both.false_alarm_rate <= 0.05


def test_rule_data_is_complete() -> None:
    book = rule_book()
    assert {r.label for r in book.rules} == set(ALL_LABELS)
    assert set(book.rewrite_priority) == set(PROBLEM_LABELS)


def test_the_waiting_gate_reads_imported_history(tmp_path: Path) -> None:
    from fireside.ingest import import_chat
    from fireside.service.coach import check_draft, recent_history
    from fireside.store import open_store

    chat = tmp_path / "chat.txt"
    chat.write_text(
        "13/03/2024, 09:00 - Maya: morning\n13/03/2024, 09:20 - Sam: hey\n"
        "13/03/2024, 12:00 - Maya: lunch?\n13/03/2024, 12:40 - Sam: sure\n"
        "14/03/2024, 18:00 - Maya: hello?\n14/03/2024, 18:30 - Maya: are you there\n"
    )
    with open_store(f"sqlite:///{tmp_path}/f.db") as store:
        assert recent_history(store) is None
        import_chat(store, chat, me=["Maya"], tz="UTC")
        history = recent_history(store, datetime(2024, 3, 14, 19, 0, tzinfo=ZoneInfo("UTC")))
        assert history is not None and history.unanswered == 2
        assert history.partner_median_reply == timedelta(minutes=30)
        assert history.since_last_mine == timedelta(minutes=30)
        result = check_draft(store, "Thinking of you")
    assert result.verdict is Verdict.PAUSE
    assert any(n.kind == "history" and "30 minutes" in n.message for n in result.notes)


# ---------------------------------------------------------------- the guide's calm look-alikes
# Conventions of data/coach/LABELS.md that blind-5's writer showed were still missed (new
# wording here), each beside the problem it resembles.

CALM_LOOK_ALIKES = [
    "where are you? I'm by the ticket machines with the bags",
    "oh great, they gave us the room with the balcony!!",
    "oh great, the taxi is early, see you downstairs",
    "you're never going to believe who was on my flight",
    "you never told me how the match went! tell me everything",
    "is your knee still hurting? I can pick up ice on the way home",
    # logistics and joy in a problem's words (2026-12-04)
    "did u get my text about sat? the table's booked for 7",
    "are we ok for time? doors open at 8",
    "what are we actually doing for new year? your sister's or ours?",
    "you never told me you could dance!! who knew",
    "ten years today. I'd marry you again every single time.",
    # the sincere things beside the put-downs of SARCASM below
    "well done on the interview!! so proud of you",
    "thanks for replying so fast, I was a bit lost",
    "what a lovely surprise, thank you for the flowers",
    "thank you for everything you did around the house this week",
    "it only took us two hours to get there, easy drive",
    # after blind set 10's first look (2026-12-04): plans, praise and generosity in a problem's words
    "are we still good for 8? I've booked the table",
    "are we still ok for lunch friday",
    "you always know exactly what to say when I'm low",
    "you never told me your mum could bake like this",
    "why didn't you tell me you got the job?! we're celebrating tonight",
    "where have you been hiding that laugh?",
    "don't you dare apologise, the dinner was lovely",
    "answer me this: tea or coffee in the morning?",
    "i hate you for making me laugh in the meeting",
    "thanks for finally sorting the shed, it looks amazing",
    "how hard is it to make a sourdough starter? want to try this weekend",
    "I'm the one who should say sorry, I was tired and grumpy",
    "nobody has ever made me laugh like you do",
    "u never said what time the match starts, 3 or 4?",
    "you never once made me feel daft for asking. thank you",
    "oh great, they had the last two tickets! got them",
    "the sea's raging today, we'll walk inland",
    "I'd love to talk about moving in. Could we sit down on Sunday?",
    "breaking up the drive with a night in York",
    "you fixed the boiler AND made soup. marry me again",
]
PROBLEMS_BESIDE_THEM = [
    ("where are you? you said you'd be here an hour ago", "spotlight_question"),
    ("oh great, you forgot again.", "contempt"),
    ("you never told me you were going out with them", "accusation"),
    ("do you still love me? tell me honestly", "reassurance_seeking"),
    ("did you even read my text about the party?", "spotlight_question"),
    ("are we ok? you've been quiet all day", "reassurance_seeking"),
    ("so what are we actually doing here", "heavy_topic"),
    ("you forget the bins every single time", "petty_harping"),
    ("are we still ok? you went quiet after dinner", "reassurance_seeking"),
    ("you always know how to make me feel small", "accusation"),
    ("why didn't you tell me you were going out?", "spotlight_question"),
    ("where have you been all night?", "spotlight_question"),
    ("don't you dare go to that party without me", "demand_pressure"),
    ("i hate you for always doing this", "anger_intensity"),
    ("thanks for finally texting back. so thoughtful.", "contempt"),
    # blame without "you", and questions that accuse
    ("how hard is it to put the lid back on the milk", "accusation"),
    ("is it really that difficult to text when you're running late?", "accusation"),
    ("guess I'm the one who always does the washing up", "accusation"),
    ("nobody in this house ever lifts a finger", "accusation"),
    ("do you ever think about anyone but yourself", "accusation"),
    ("honestly it's like talking to a brick wall", "accusation"),
    ("you said you'd call. you never did.", "accusation"),
    ("you make me feel stupid when you laugh at me", "accusation"),
    ("we need to talk about moving in, I can't keep waiting", "heavy_topic"),
    ("i'm furious with you", "anger_intensity"),
]


@pytest.mark.parametrize("text", CALM_LOOK_ALIKES)
def test_calm_look_alikes_get_no_problem(text: str) -> None:
    result = check_message(text)
    assert not result.findings, [f.label for f in result.findings]


@pytest.mark.parametrize(("text", "label"), PROBLEMS_BESIDE_THEM)
def test_the_problems_beside_them_are_still_found(text: str, label: str) -> None:
    assert label in check_message(text).labels


# ---------------------------------------------------------------- praise that is a put-down
# Sarcasm is never appreciation (issue 10): praise and thanks pointed at what was late or left
# undone, belittling "little", comparisons with someone else's partner (the sincere things in
# nearly the same words are among CALM_LOOK_ALIKES).

SARCASM = [
    "well done for finally getting out of bed before lunch",
    "thanks for finally replying, only took you three days",
    "what a lovely surprise of wet towels on the bed",
    "thank you for your huge contribution to the housework this week",
    "must be nice to have so much free time",
    "enjoy your little five-a-side thing",
    "Priya's boyfriend actually remembers her birthday",
]


@pytest.mark.parametrize("text", SARCASM)
def test_praise_that_is_a_put_down_is_contempt_not_appreciation(text: str) -> None:
    labels = check_message(text).labels
    assert "contempt" in labels and "appreciation" not in labels, labels
