"""No related-stories label or short link is left in the normalized text of any ir-news
story (the stories of ../shared/data/ir-news, read in place: normalization only)."""

import json
import re

import pytest

from pipeline.normalize import normalize_story
from tests.conftest import shared_file

pytestmark = pytest.mark.unit

FURNITURE = re.compile("بیشتر[ \u200c]?بخوانید|لینک[ \u200c]?کوتاه")


def test_no_read_more_or_short_link_line_is_left_in_ir_news():
    path = shared_file("data/ir-news/stories.jsonl")
    left = []
    with path.open(encoding="utf-8") as stories:
        for record in stories:
            story = json.loads(record)
            text = normalize_story(story.get("body") or "").text
            left += [(story["doc_id"], line) for line in text.split("\n") if FURNITURE.search(line)]
    assert left == []
