"""Which stories ``khabar produce`` and ``khabar process`` read from files and folders."""

import orjson
import pytest

from pipeline.sources import read_stories

pytestmark = pytest.mark.unit

STORY = "به گزارش ایلنا، کارگران معدن زغال‌سنگ طبس پس از سه روز اعتصاب به کار بازگشتند."


def test_text_file_is_one_story(tmp_path):
    (tmp_path / "a.txt").write_text(STORY + "\nانتهای پیام\n")
    [story] = read_stories([str(tmp_path / "a.txt")])
    assert story.data == (STORY + "\nانتهای پیام\n").encode()


def test_jsonl_file_is_one_story_per_line_skipping_blank_lines(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text('{"id": "1", "body": "الف"}\n\n{"id": "2", "body": "ب"}\n')
    assert [(s.data, s.line) for s in read_stories([str(path)])] == [
        (b'{"id": "1", "body": "\xd8\xa7\xd9\x84\xd9\x81"}', 1),
        ('{"id": "2", "body": "ب"}'.encode(), 3),
    ]


def test_json_list_is_one_story_per_item(tmp_path):
    path = tmp_path / "s.json"
    path.write_text('[{"id": "1", "body": "الف"}, {"id": "2", "body": "ب"}]')
    ids = [orjson.loads(s.data)["id"] for s in read_stories([str(path)])]
    assert ids == ["1", "2"]


def test_folder_is_read_recursively_in_name_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("دوم")
    (tmp_path / "1.html").write_text("<html><body><p>اول</p></body></html>")
    (tmp_path / "notes.md").write_text("not a story")
    origins = [s.origin for s in read_stories([str(tmp_path)])]
    assert origins == [str(tmp_path / "1.html"), str(tmp_path / "b" / "2.txt")]


def test_missing_path_is_an_error():
    with pytest.raises(FileNotFoundError):
        list(read_stories(["/nonexistent/stories.jsonl"]))
