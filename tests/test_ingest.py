"""Input readers: every input kind, and every way an input can be bad."""

from __future__ import annotations

import io
import json

import pytest

from parley.ingest import InputError, estimate_count, read_stories
from parley.model import Story
from parley.pipeline import story_id

STORY = "Kenyan police fired tear gas at protesters in Nairobi on Tuesday.\n\nThe rally was peaceful."


def write_jsonl(path, records):
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n")
    return path


def test_txt_file_is_one_story_named_after_the_file(tmp_path):
    f = tmp_path / "nairobi-rally.txt"
    f.write_text(STORY, encoding="utf-8")
    (s,) = read_stories([str(f)], published="2025-03-04")
    assert isinstance(s, Story)
    assert s.id == "nairobi-rally"
    assert s.text == STORY  # exact text: offsets in the output index into it
    assert s.published == "2025-03-04"


def test_txt_keeps_windows_line_endings_and_drops_a_bom(tmp_path):
    f = tmp_path / "crlf.txt"
    f.write_bytes("\ufeffFirst line.\r\nSecond line.".encode())
    (s,) = read_stories([str(f)])
    assert s.text == "First line.\r\nSecond line."


def test_jsonl_reads_every_field_and_applies_the_default_date_only_where_missing(tmp_path):
    f = write_jsonl(
        tmp_path / "in.jsonl",
        [
            {
                "id": "a",
                "text": "One.",
                "published": "2025-01-02",
                "title": "T",
                "url": "http://x",
                "source": "S",
            },
            {"id": 7, "text": "Two."},
        ],
    )
    a, b = read_stories([str(f)], published="2025-03-04")
    assert (a.id, a.text, a.published, a.title, a.url, a.source) == (
        "a",
        "One.",
        "2025-01-02",
        "T",
        "http://x",
        "S",
    )
    assert (b.id, b.published) == ("7", "2025-03-04")


def test_jsonl_timestamp_published_is_cut_to_the_date(tmp_path):
    f = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": "x", "published": "2025-02-12T08:30:00Z"}])
    (s,) = read_stories([str(f)])
    assert s.published == "2025-02-12"


def test_jsonl_line_without_id_gets_a_content_hash(tmp_path):
    f = write_jsonl(tmp_path / "in.jsonl", [{"text": STORY}])
    (s,) = read_stories([str(f)])
    assert s.id == story_id(STORY)


def test_bad_jsonl_lines_are_errors_with_line_numbers_and_the_rest_go_on(tmp_path):
    f = write_jsonl(
        tmp_path / "in.jsonl",
        [
            {"id": "ok1", "text": "Fine."},
            '{"id": "broken", "text": ',  # line 2: malformed
            "",  # line 3: blank, skipped
            {"id": "no-text"},  # line 4
            {"id": "num-text", "text": 42},  # line 5
            {"id": "bad-date", "text": "x", "published": "12/02/2025"},  # line 6
            '["not", "an", "object"]',  # line 7
            {"id": "ok2", "text": "Also fine."},
        ],
    )
    items = list(read_stories([str(f)]))
    assert [i.id for i in items if isinstance(i, Story)] == ["ok1", "ok2"]
    errors = [i for i in items if isinstance(i, InputError)]
    assert [(e.line, e.doc_id) for e in errors] == [
        (2, None),
        (4, "no-text"),
        (5, "num-text"),
        (6, "bad-date"),
        (7, None),
    ]
    assert all(e.source == str(f) for e in errors)
    assert "malformed JSON" in errors[0].reason
    assert "text" in errors[1].reason and "text" in errors[2].reason
    assert "YYYY-MM-DD" in errors[3].reason
    # errors stay where they were in the input
    assert isinstance(items[0], Story) and isinstance(items[-1], Story)


def test_input_error_serialises_for_the_errors_file():
    e = InputError("in.jsonl", 3, "x", "malformed JSON")
    assert e.to_dict() == {"source": "in.jsonl", "line": 3, "doc_id": "x", "reason": "malformed JSON"}
    assert str(e) == "in.jsonl:3 (x): malformed JSON"


def test_undecodable_jsonl_line_is_an_error_for_that_line_only(tmp_path):
    f = tmp_path / "in.jsonl"
    f.write_bytes(b'{"id": "a", "text": "ok"}\n{"id": "b", "text": "caf\xe9"}\n{"id": "c", "text": "ok"}\n')
    items = list(read_stories([str(f)]))
    assert [type(i).__name__ for i in items] == ["InputStory", "InputError", "InputStory"]
    assert items[1].line == 2 and items[1].reason == "not UTF-8 text"


def test_html_gives_main_text_title_and_date_without_the_page_furniture(tmp_path):
    f = tmp_path / "page.html"
    f.write_text(
        """<html><head><title>Site | Talks in Doha</title>
        <meta property="og:title" content="Talks open in Doha">
        <meta property="article:published_time" content="2025-03-11T10:00:00Z"></head>
        <body><nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>
        <article><p>Negotiators from both sides met in Doha on Monday for the first direct talks in a year,
        the Qatari foreign ministry said in a statement issued late in the evening.</p>
        <p>"We are here to listen," the chief negotiator told reporters outside the hotel where the talks
        were being held under heavy security.</p></article>
        <footer>Copyright Example News</footer></body></html>""",
        encoding="utf-8",
    )
    (s,) = read_stories([str(f)])
    assert s.id == "page"
    assert s.title == "Talks open in Doha"
    assert s.published == "2025-03-11"
    assert "Negotiators from both sides met in Doha" in s.text
    assert "\n\n" in s.text  # paragraphs stay apart
    assert "Sport" not in s.text and "Copyright" not in s.text


def test_binary_file_is_an_error_naming_the_file(tmp_path):
    f = tmp_path / "scan.txt"
    f.write_bytes(b"%PDF-1.7\n\x00\x01\x02binary")
    (e,) = read_stories([str(f)])
    assert isinstance(e, InputError)
    assert e.source == str(f) and e.reason == "binary file"


def test_non_utf8_file_is_an_error_naming_the_file(tmp_path):
    f = tmp_path / "latin1.txt"
    f.write_bytes("Le ministre a déclaré".encode("latin-1"))
    (e,) = read_stories([str(f)])
    assert isinstance(e, InputError)
    assert e.source == str(f) and e.reason == "not UTF-8 text"


def test_empty_story_is_still_a_story_and_gives_an_empty_document(tmp_path, pipeline):
    f = tmp_path / "empty.txt"
    f.write_text("  \n\n ", encoding="utf-8")
    (s,) = read_stories([str(f)])
    assert isinstance(s, Story)
    (doc,) = pipeline.pipe([s])
    assert doc.id == "empty" and doc.events == [] and doc.actors == [] and doc.quotes == []


def test_directory_reads_known_files_sorted_by_name(tmp_path):
    (tmp_path / "b.txt").write_text("Second.")
    (tmp_path / "a.txt").write_text("First.")
    write_jsonl(tmp_path / "c.jsonl", [{"id": "c1", "text": "Third."}, {"id": "c2", "text": "Fourth."}])
    (tmp_path / "notes.md").write_text("ignored")
    (tmp_path / "sub").mkdir()
    assert [s.id for s in read_stories([str(tmp_path)])] == ["a", "b", "c1", "c2"]
    assert estimate_count([str(tmp_path)]) == 4


def test_missing_file_is_an_error_and_later_paths_go_on(tmp_path):
    (tmp_path / "there.txt").write_text("Here.")
    missing, story = read_stories([str(tmp_path / "gone.txt"), str(tmp_path / "there.txt")])
    assert isinstance(missing, InputError) and "no such file" in missing.reason
    assert missing.source == str(tmp_path / "gone.txt")
    assert story.id == "there"


def test_stdin_plain_text_is_one_story():
    (s,) = read_stories(["-"], stdin=io.StringIO(STORY))
    assert s.text == STORY and s.id == story_id(STORY)


def test_stdin_jsonl_is_a_story_per_line_with_line_numbers():
    data = '\n{"id": "a", "text": "One."}\nnot json\n{"id": "b", "text": "Two."}\n'
    items = list(read_stories(["-"], stdin=io.StringIO(data)))
    assert [getattr(i, "id", None) for i in items] == ["a", None, "b"]
    assert items[1].source == "<stdin>" and items[1].line == 3


def test_stdin_is_streamed_not_read_whole():
    class OneLineThenFail:
        """A stdin that breaks if anyone reads past its first line."""

        def __init__(self):
            self.lines = iter(['{"id": "first", "text": "One."}\n'])

        def __iter__(self):
            return self

        def __next__(self):
            try:
                return next(self.lines)
            except StopIteration:
                raise AssertionError("read ahead of need") from None

    stories = read_stories(["-"], stdin=OneLineThenFail())
    assert next(stories).id == "first"


def test_invalid_default_published_date_is_refused_at_once():
    with pytest.raises(ValueError):
        list(read_stories(["-"], published="next week", stdin=io.StringIO("x")))
