"""The learned tagger: BIO tags and spans, the shipped model, and the corpus it learns from."""

import importlib.util
from collections import Counter
from pathlib import Path

import pytest

from pipeline.extract._text import words_of
from pipeline.extract.entities import find_entities
from pipeline.extract.ner import shipped_tagger, spans_of_tags, tags_of_spans
from pipeline.extract.ner.train import split_of

pytestmark = pytest.mark.unit

CORPUS = Path(__file__).resolve().parents[3] / "corpus" / "ner-news"
SENTENCE = "علی دایی سرمربی سابق تیم ملی در تهران به خبرنگاران گفت که از شرایط راضی است."


def corpus_builder():
    spec = importlib.util.spec_from_file_location("ner_corpus_build", CORPUS / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_spans_become_bio_tags_and_back():
    text = "سفیر ایران در سازمان ملل متحد سخنرانی کرد."
    spans = [("LOC", 5, 10), ("ORG", 14, 29)]
    words = words_of(text)
    tags = tags_of_spans(words, spans)
    assert tags == ["O", "B-LOC", "O", "B-ORG", "I-ORG", "I-ORG", "O", "O"]
    assert spans_of_tags(words, tags) == spans


def test_a_name_marked_inside_a_word_tags_the_word_it_starts():
    text = "قهرمان این دوره اسپانیاست."
    words = words_of(text)
    assert tags_of_spans(words, [("LOC", 16, 24)]) == ["O", "O", "O", "B-LOC"]


def test_a_name_never_runs_across_punctuation():
    text = "تهران، تبریز"
    words = words_of(text)
    assert spans_of_tags(words, ["B-LOC", "I-LOC"]) == [("LOC", 0, 5), ("LOC", 7, 12)]


def test_the_shipped_tagger_finds_a_person_and_a_place():
    found = {(e.type, e.canonical) for e in find_entities(SENTENCE)}
    assert {("PER", "علی دایی"), ("LOC", "تهران")} <= found


def test_the_shipped_tagger_is_deterministic():
    tagger = shipped_tagger()
    assert tagger.spans(SENTENCE, []) == tagger.spans(SENTENCE, [])


def test_corpus_mentions_are_placed_on_whole_words_first():
    build = corpus_builder()
    text = "هیئت ایرانی به ایران بازگشت."
    assert build.align(text, [("ایران", "LOC")]) == ([(15, 20, "LOC")], [])


def test_corpus_mentions_inside_a_word_are_kept_when_nothing_else_fits():
    build = corpus_builder()
    text = "قهرمان این دوره اسپانیاست."
    assert build.align(text, [("اسپانیا", "LOC")]) == ([(16, 23, "LOC")], [])


def test_every_corpus_mention_is_found_in_its_story():
    build = corpus_builder()
    stories = build.stories()
    first = build.annotations(build.FIRST_PASS)
    assert len(first) == len(stories) == 1300
    missing = {i: build.align(stories[i]["text"], m)[1] for i, m in first.items()}
    assert not {i: m for i, m in missing.items() if m}


def test_the_corpus_splits_by_a_hash_of_the_story_id():
    # The counts docs/extraction.md and the corpus README give; a new draw adds to each.
    splits = Counter(split_of(story_id) for story_id in corpus_builder().stories())
    assert splits == {"train": 873, "dev": 215, "test": 212}
