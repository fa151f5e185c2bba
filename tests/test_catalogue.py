"""The practice catalogue: complete, credited, validated, and in our own words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fireside.practices import load_catalogue
from fireside.pronouns import PronounSet
from tests.conftest import SHARED

EXPECTED_EXPERTS = {
    "Anita Gadhia-Smith": range(1, 5),
    "Michelle Henderson": range(5, 9),
    "Ileana Hinojosa": range(9, 18),
    "Ashley Davene": range(18, 24),
    "Sally LeBoy": range(24, 25),
    "Amy Sherman": range(25, 30),
    "Natalie Garcia": range(30, 37),
}


def test_there_are_36_practices_p01_to_p36_in_order() -> None:
    catalogue = load_catalogue()
    assert [p.id for p in catalogue] == [f"P{n:02d}" for n in range(1, 37)]


@pytest.mark.parametrize("expert, numbers", EXPECTED_EXPERTS.items())
def test_each_practice_is_credited_to_the_expert_of_product_md(expert: str, numbers: range) -> None:
    catalogue = load_catalogue()
    assert [p.number for p in catalogue if p.expert.name == expert] == list(numbers)


def test_every_practice_has_the_required_parts() -> None:
    catalogue = load_catalogue()
    for practice in catalogue:
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", practice.summary) if s]
        assert 2 <= len(sentences) <= 4, (practice.id, sentences)
        assert practice.try_ and practice.avoid, practice.id
        assert practice.tags and set(practice.tags) <= set(catalogue.tags)
        assert "library" in practice.capabilities
        assert set(practice.capabilities) <= set(catalogue.capabilities)


def test_credentials_are_as_the_seeds_print_them() -> None:
    experts = {e.name: e.credentials for e in load_catalogue().experts}
    assert experts["Anita Gadhia-Smith"] == "PsyD, LCSW-C, LICSW"
    assert experts["Michelle Henderson"] == "MA, LMHC"
    assert experts["Sally LeBoy"] == "MFT"
    assert experts["Amy Sherman"] == "M.A., LMHC"


def test_further_reading_lists_both_books() -> None:
    titles = " ".join(r.title for r in load_catalogue().further_reading)
    assert "Attached" in titles and "The Dance of Intimacy" in titles


@pytest.mark.parametrize("pronouns", list(PronounSet))
def test_rendering_leaves_no_placeholder_and_reads_well(pronouns: PronounSet) -> None:
    catalogue = load_catalogue(pronouns, "Sam")
    for practice in catalogue:
        text = " ".join([practice.title, practice.summary, *practice.try_, *practice.avoid])
        assert "{" not in text and "}" not in text, practice.id
        if pronouns is PronounSet.THEY:
            bad = re.search(r"\b[Tt]hey (is|has|was|does|doesn.t|[a-z]+[^s]s)\b", text)
            assert bad is None, (practice.id, bad and bad.group())


def test_they_pronouns_change_the_words() -> None:
    assert "them" in load_catalogue(PronounSet.THEY).get("P14").summary
    assert "him" in load_catalogue(PronounSet.HE).get("P14").summary
    assert "her" in load_catalogue(PronounSet.SHE).get("P14").summary


def _seed_texts() -> dict[str, str]:
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    return {p.name: p.read_text(encoding="utf-8") for p in seeds.glob("*.txt")}


def test_every_expert_appears_in_the_seed_they_are_credited_to() -> None:
    seeds = _seed_texts()
    for expert in load_catalogue().experts:
        assert expert.seed in seeds, expert.seed
        assert expert.name in seeds[expert.seed], expert.name
        for part in filter(None, re.split(r",\s*", expert.credentials)):
            assert part in seeds[expert.seed], (expert.name, part)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower().replace("\u2019", "'"))


def test_the_catalogue_is_in_our_own_words() -> None:
    """No run of eight words may be copied from a seed (short quoted examples excepted)."""
    seeds = _seed_texts()
    seed_grams = set()
    for text in seeds.values():
        words = _words(text)
        seed_grams |= {tuple(words[i : i + 8]) for i in range(len(words) - 7)}
    for practice in load_catalogue():
        for text in (practice.summary, *practice.try_, *practice.avoid):
            words = _words(text)
            copied = [
                g for g in zip(*(words[i:] for i in range(8)), strict=False) if g in seed_grams
            ]
            assert not copied, (practice.id, " ".join(copied[0]))


def test_catalogue_file_is_packaged() -> None:
    import fireside.practices

    assert (Path(fireside.practices.__file__).parent / "catalogue.toml").is_file()
