"""Hostile input at the edges (issue 13): the readers, the validation rules, the tokenizer
guard and the CSV cells. Small inputs generated here; the big and timed cases are in
benchmarks/adversarial.py."""

from __future__ import annotations

import csv
import io
import json
import os

import pytest

from parley import nlp as nlp_stage
from parley import validate
from parley.csvcells import cell, write_rows
from parley.ingest import InputError, InputStory, flag_duplicates, read_stories

STORY = "Kenyan President William Ruto met Tanzanian officials in Arusha on Monday, officials said."


def read(tmp_path, name: str, data: bytes) -> list:
    p = tmp_path / name
    p.write_bytes(data)
    return list(read_stories([str(p)]))


def jsonl(*recs) -> bytes:
    return b"".join((r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n" for r in recs)


# -- ids and dates -----------------------------------------------------------------------


@pytest.mark.parametrize("bad", [["a", "b"], {"x": 1}, True, "x" * 201, "a\nb"])
def test_an_id_that_is_not_a_short_string_is_one_failure_naming_the_line(tmp_path, bad):
    items = read(tmp_path, "s.jsonl", jsonl({"id": bad, "text": STORY}, {"id": "ok", "text": STORY}))
    err, good = items
    assert isinstance(err, InputError) and err.line == 1 and "'id'" in err.reason
    assert isinstance(good, InputStory) and good.id == "ok"


def test_a_number_id_is_read_as_a_string(tmp_path):
    (s,) = read(tmp_path, "s.jsonl", jsonl({"id": 17, "text": STORY}))
    assert s.id == "17"


@pytest.mark.parametrize("bad", ["2025-03-04garbage", "2025-W10", "20250304", "2025-02-30", "03/04/2025"])
def test_a_date_that_is_not_iso_is_refused_with_a_message(tmp_path, bad):
    (err,) = read(tmp_path, "s.jsonl", jsonl({"id": "a", "text": STORY, "published": bad}))
    assert isinstance(err, InputError) and err.line == 1
    assert "YYYY-MM-DD" in err.reason or "calendar date" in err.reason


@pytest.mark.parametrize(
    "given,want", [("2025-03-04", "2025-03-04"), ("2025-03-04T10:30:00Z", "2025-03-04"), (None, None)]
)
def test_iso_dates_and_datetimes_are_read_as_the_date(given, want):
    assert validate.check_date(given) == want


def test_the_default_date_is_checked_the_same_way():
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        list(read_stories([], published="20250304"))


# -- text: surrogates, latin-1 bytes, NULs, UTF-16 ------------------------------------------


def test_a_lone_surrogate_is_replaced_and_reported(tmp_path):
    line = b'{"id": "s", "text": "Police said \\ud800 on Monday.", "title": "T\\udfff"}'
    (s,) = read(tmp_path, "s.jsonl", jsonl(line))
    assert s.text == "Police said \ufffd on Monday." and s.title == "T\ufffd"
    assert len(s.warnings) == 2 and "U+FFFD" in s.warnings[0]
    s.text.encode("utf-8")  # valid Unicode: can be written anywhere


def test_latin1_bytes_on_stdin_become_replacement_characters_with_a_warning():
    class Stdin(io.TextIOWrapper):
        pass

    raw = io.BytesIO(
        jsonl({"id": "a", "text": STORY}) + b'{"id": "b", "text": "Caf\xe9 owners protested."}\n'
    )
    stdin = Stdin(raw, encoding="utf-8")  # a strict UTF-8 text stream, as a terminal gives
    a, b = list(read_stories(["-"], stdin=stdin))
    assert a.id == "a" and not a.warnings
    assert b.text == "Caf\ufffd owners protested." and b.warnings


def test_nul_characters_are_removed_with_a_warning(tmp_path):
    (s,) = read(tmp_path, "s.jsonl", jsonl({"id": "n", "text": "Troops\u0000 withdrew."}))
    assert s.text == "Troops withdrew." and s.warnings == ["1 NUL character(s) removed"]


def test_a_utf16_file_is_decoded_not_called_binary(tmp_path):
    (s,) = read(tmp_path, "story.txt", STORY.encode("utf-16"))
    assert isinstance(s, InputStory) and s.text == STORY
    recs = jsonl({"id": "u", "text": STORY}).decode().encode("utf-16")
    (j,) = read(tmp_path, "s.jsonl", recs)
    assert isinstance(j, InputStory) and j.id == "u" and j.text == STORY


def test_a_real_binary_file_is_still_called_binary(tmp_path):
    (e,) = read(tmp_path, "x.txt", b"%PDF-1.4\x00\x01\x02")
    assert isinstance(e, InputError) and e.reason == "binary file"


# -- structure: nesting, symlinks, duplicates -------------------------------------------------


def test_deeply_nested_json_is_one_failure_and_the_run_goes_on(tmp_path):
    deep = b'{"id": "deep", "text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    items = read(tmp_path, "s.jsonl", jsonl(deep, {"id": "after", "text": STORY}))
    assert isinstance(items[0], InputError) and items[0].line == 1 and "nested" in items[0].reason
    assert items[1].id == "after"


def test_deeply_nested_json_on_stdin_is_one_failure():
    deep = '{"id": "deep", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    stdin = io.StringIO(deep + "\n" + json.dumps({"id": "after", "text": STORY}) + "\n")
    err, after = list(read_stories(["-"], stdin=stdin))
    assert isinstance(err, InputError) and "nested" in err.reason and after.id == "after"


def test_a_symlink_loop_is_reported_as_such(tmp_path):
    loop = tmp_path / "loop.txt"
    os.symlink(loop, loop)
    (e,) = list(read_stories([str(loop)]))
    assert e.reason == "symbolic link loop"
    d = tmp_path / "dir"
    d.mkdir()
    (d / "a.txt").write_text(STORY, encoding="utf-8")
    os.symlink(d / "b.txt", d / "b.txt")
    a, b = list(read_stories([str(d)]))
    assert a.id == "a" and isinstance(b, InputError) and "symbolic link loop" in b.reason


def test_duplicate_ids_are_reported_naming_the_first(tmp_path):
    items = read(
        tmp_path, "s.jsonl", jsonl({"id": "x", "text": STORY}, {"id": "x", "text": "Other."}, {"text": STORY})
    )
    out = list(flag_duplicates(items))
    assert out[0].id == "x"
    assert isinstance(out[1], InputError) and out[1].line == 2 and "first read at" in out[1].reason
    assert "s.jsonl:1" in out[1].reason
    # the third has no id: its id is a hash of the text, not a clash with "x"
    assert isinstance(out[2], InputStory)


def test_html_files_fail_alone_when_the_html_reader_cannot_be_imported(tmp_path, monkeypatch):
    import builtins

    real = builtins.__import__

    def broken(name, *args, **kwargs):
        if name == "trafilatura":
            raise ImportError("lxml.html.clean module is now a separate project lxml_html_clean")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", broken)
    (tmp_path / "a.html").write_text("<html><body><p>Police said.</p></body></html>", encoding="utf-8")
    (tmp_path / "b.txt").write_text(STORY, encoding="utf-8")
    a, b = list(read_stories([str(tmp_path)]))
    assert isinstance(a, InputError) and "lxml_html_clean" in a.reason
    assert isinstance(b, InputStory) and b.id == "b"


# -- the tokenizer guard ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        '"' * 3000,
        "(" * 1500 + ")" * 1500,
        "x" * 3000,
        "!#$%&*+-/<=>?@^_|~" * 150,
        '" ' * 1500,
        STORY + " " + "[" * 2000 + " " + STORY,
    ],
)
def test_pathological_runs_keep_offsets_exact_and_tokens_short(nlp, text):
    (doc,) = list(nlp_stage.parse(nlp, [text]))
    assert doc.text == text
    assert max(len(t.text) for t in doc) <= nlp_stage.MAX_RUN_CHARS
    for t in doc:
        assert text[t.idx : t.idx + len(t.text)] == t.text
    assert max(len(s) for s in doc.sents) <= nlp_stage.MAX_SENT_TOKENS


def test_ordinary_prose_is_tokenized_as_spacy_does(nlp):
    text = f'{STORY} "We expect progress," a spokesman said (on Tuesday). See https://example.org/a?b=c.'
    assert [t.text for t in nlp_stage.make_doc(nlp, text)] == [t.text for t in nlp.make_doc(text)]


def test_a_pathological_story_extracts_with_exact_offsets(pipeline):
    text = STORY + "\n\n" + '"' * 5000 + "\n\n" + "Police said protesters gathered."
    doc = pipeline.extract(text, published="2025-03-04")
    for a in doc.actors:
        for m in a.mentions:
            assert text[m.start : m.end] == m.text
    for e in doc.events:
        assert text[e.trigger.start : e.trigger.end] == e.trigger.text


# -- CSV cells ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["=1+1", "+1+cmd", "-2+3", "-A1", "@SUM(A1)", "\tx", "\rx", ["=HYPERLINK()", "ok"]]
)
def test_formula_starts_are_neutralised_in_every_cell(value):
    out = cell(value)
    assert out.startswith("'")


def test_a_joined_list_cannot_start_a_formula_in_any_element():
    assert cell(["=a", "b"]) == "'=a; b"
    assert cell(["a", "=b"]) == "a; =b"  # the cell starts with "a": a spreadsheet reads it as text


def test_numbers_and_plain_text_are_kept():
    assert (cell(-3.5), cell(12), cell("Kyiv"), cell(None)) == ("-3.5", "12", "Kyiv", "")
    assert (cell("-3.5"), cell("+44"), cell("-1e-3")) == ("-3.5", "+44", "-1e-3")  # numbers, not formulas


def test_write_rows_writes_neutral_cells():
    buf = io.StringIO()
    write_rows(buf, ["a", "b"], [["=cmd", ["@x", "y"]]])
    rows = list(csv.reader(io.StringIO(buf.getvalue())))
    assert rows == [["a", "b"], ["'=cmd", "'@x; y"]]


def test_extract_reports_a_duplicate_id_and_exits_1(tmp_path):
    from typer.testing import CliRunner

    from parley.cli import app

    src = tmp_path / "s.jsonl"
    src.write_bytes(jsonl({"id": "x", "text": STORY}, {"id": "x", "text": "Police said."}))
    out = tmp_path / "out.jsonl"
    r = CliRunner().invoke(app, ["extract", str(src), "--output", str(out)])
    assert r.exit_code == 1 and "duplicate id (first read at" in r.output
    assert [json.loads(x)["id"] for x in out.read_text().splitlines()] == ["x"]
