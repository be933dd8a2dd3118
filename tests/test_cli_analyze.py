"""``byline analyze`` end to end: the seed article, the bundled example, bad inputs."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from conftest import EXAMPLES
from typer.testing import CliRunner

from byline.cli import app
from byline.model import json_schema

runner = CliRunner()
REASON = "spoke on condition of anonymity because they were not authorized to talk to reporters"

# The seed's attributions, read by hand: (a phrase of the content, the speaker's name, the
# speaker's role or None, anonymous?). Speaker names are the resolved entity names.
SEED_EXPECTED = [
    ("mission of U.S. forces in Iraq has shifted", "U.S. and Iraqi officials", None, True),
    ("allowing for redeployment of combat forces", "U.S. and Iraq delegates", None, True),
    (
        "timing of such a redeployment would be determined",
        "Statements issued by both sides",
        None,
        False,
    ),
    ("has now transitioned to one focused on training", "State Department", None, False),
    ("does not represent an agreement", "John Kirby", "Pentagon press secretary", False),
    ("has ordered the formation of a committee", "Yahya Rasool", "Iraqi military spokesman", False),
    ("asked Iran’s leaders to rein in", "two Iraqi officials", None, True),
    ("announce clearly who backs these groups", "two Iraqi officials", None, True),
    ("two-day visit this week", "a senior Iraqi Shiite politician", None, True),
    ("the number of U.S. troops in Iraq has dropped", "Pentagon", None, False),
    ("Iraq still needs U.S. support", "Fuad Hassan", "Foreign Minister", False),
    ("the money is sitting idle", "Iraqi officials", None, True),
]


def _analyze_json(*args: str) -> dict:
    result = runner.invoke(app, ["analyze", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _find(record: dict, phrase: str) -> dict:
    hits = [a for a in record["attributions"] if phrase in a["content"]["text"]]
    assert hits, f"no attribution whose content contains {phrase!r}"
    # The outermost (non-nested) attribution, then the tightest content, if there are several.
    return min(hits, key=lambda a: (a["parent"] is not None, len(a["content"]["text"])))


def test_seed_metadata_and_caption(seed_path: Path) -> None:
    record = _analyze_json(str(seed_path), "--published", "2021-04-08")
    jsonschema.validate(record, json_schema())
    meta = record["metadata"]
    assert meta["outlet"] == "Marin Independent Journal"
    assert meta["headline"] == "No timetable for withdrawal of troops"
    assert meta["authors"] == ["Qassim Abdul-Zahra", "Samya Kullab"]
    assert meta["standfirst"].startswith("U.S. and Iraqi officials say the mission")
    assert (meta["language"], meta["country"], meta["published"]) == (
        "en",
        "United States",
        "2021-04-08",
    )
    (caption,) = record["captions"]
    assert (
        caption["text"] == "A U.S. Army soldier guards a position at Camp Swift in northern Iraq."
    )
    assert len(caption["spans"]) == 2
    assert caption["credit"] == "SUSANNAH GEORGE — THE ASSOCIATED PRESS FILE"
    text = record["text"]
    for start, end in caption["spans"]:
        assert text[start:end] == caption["text"]
    # Byline authors and photo credits are not people mentioned in the story.
    names = {e["name"] for e in record["entities"]}
    assert not names & {"Qassim Abdul-Zahra", "Samya Kullab", "Susannah George", "SUSANNAH GEORGE"}


def test_seed_attributions_and_speakers(seed_path: Path) -> None:
    record = _analyze_json(str(seed_path), "--published", "2021-04-08")
    text = record["text"]
    for attribution in record["attributions"]:
        for role in ("source", "cue", "content"):
            span = attribution[role]
            if span is not None:
                assert " ".join(text[s:e] for s, e in span["spans"]) == span["text"]
    for phrase, name, role, anonymous in SEED_EXPECTED:
        attribution = _find(record, phrase)
        speaker = attribution["speaker"]
        assert name.lower() in (speaker["name"] or "").lower(), (phrase, speaker)
        if role is not None:
            assert speaker["role"] is not None and role.lower() in speaker["role"].lower(), (
                phrase,
                speaker,
            )
        assert speaker["anonymous"] is anonymous, (phrase, speaker)
    for phrase in ("asked Iran’s leaders", "announce clearly", "two-day visit this week"):
        assert _find(record, phrase)["speaker"]["anonymity_reason"] == REASON
    # Nested: al-Kadhimi's threat is reported inside the officials' statement.
    nested = [a for a in record["attributions"] if a["parent"] is not None]
    assert any("al-Kadhimi" in (a["speaker"]["name"] or "") for a in nested)


def test_seed_dates_normalized_against_publication(seed_path: Path) -> None:
    record = _analyze_json(str(seed_path), "--published", "2021-04-08")
    values = {(t["text"], t["value"]) for t in record["timexes"]}
    assert ("Wednesday", "2021-04-07") in values
    assert ("last year", "2020") in values


def test_seed_terminal_report(seed_path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(seed_path), "--published", "2021-04-08"])
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())
    for expected in (
        "Marin Independent Journal",
        "No timetable for withdrawal of troops",
        "Qassim Abdul-Zahra",
        "Samya Kullab",
        "SUSANNAH GEORGE — THE ASSOCIATED PRESS FILE",
        "John Kirby",
        "anonymous",
    ):
        assert expected in out, expected


def test_bundled_example_runs() -> None:
    record = _analyze_json(str(EXAMPLES / "wire_story.txt"), "--published", "2026-03-12")
    assert record["metadata"]["authors"] == ["Maria Ortega", "Daniel Kim"]
    assert record["metadata"]["dateline"].startswith("PORT ELLIS, Maine (AP)")
    speakers = {a["speaker"]["name"] for a in record["attributions"]}
    assert {"Helen Strand", "Robert Ames"} <= speakers
    # "Two city engineers said ... They spoke on condition of anonymity because ..."
    engineers = _find(record, "the design had been ready for months")["speaker"]
    assert (engineers["name"], engineers["type"], engineers["anonymous"]) == (
        "Two city engineers",
        "group",
        True,
    )
    assert engineers["anonymity_reason"] == (
        "spoke on condition of anonymity because they were not authorized to discuss the project"
    )
    # the statement of anonymity is the engineers' reason, not an attribution of its own
    reason_at = record["text"].index("spoke on condition of anonymity")
    assert not [
        a
        for a in record["attributions"]
        if a["cue"]
        and a["cue"]["spans"][0][0] >= reason_at
        and a["cue"]["spans"][0][0] < reason_at + len("spoke on condition of anonymity")
    ]
    assert _find(record, "federal grants could cover")["speaker"]["name"] == "Robert Ames"
    report = _find(record, "had not been inspected since 2009")
    assert (report["kind"], report["speaker"]["type"]) == ("according_to", "document")


def test_directory_run_records_bad_files_and_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a_good.txt").write_text("Rain due\n\nIt will rain, forecasters said.\n")
    (tmp_path / "b_empty.txt").write_bytes(b"")
    (tmp_path / "c_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "d_latin1.txt").write_bytes(
        "Caf\xe9 closes\n\nThe owner said so.".encode("latin-1")
    )
    nested = tmp_path / "sub"
    nested.mkdir()
    (nested / "e_good.txt").write_text("Snow due\n\nIt will snow, she said.\n")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(
        app, ["analyze", str(tmp_path), "--format", "jsonl", "--output", str(out)]
    )
    assert result.exit_code == 1
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["doc_id"] for r in lines] == ["a_good", "e_good"]
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 3
    assert "b_empty.txt: empty file" in errors[0]
    assert "c_binary.txt: binary" in errors[1]
    assert "d_latin1.txt: not valid UTF-8: byte 0xe9 at offset 3" in errors[2]


def test_stdin_and_bad_published_date() -> None:
    result = runner.invoke(
        app, ["analyze", "-", "--format", "json"], input="Headline\n\nShe said it was fine.\n"
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["doc_id"] == "stdin"
    result = runner.invoke(app, ["analyze", "-", "--published", "2021-13-40"], input="x")
    assert result.exit_code == 2


def test_model_attribution_path_resolves_speakers_too() -> None:
    record = _analyze_json(
        str(EXAMPLES / "wire_story.txt"), "--published", "2026-03-12", "--attribution", "model"
    )
    jsonschema.validate(record, json_schema())
    assert "Robert Ames" in {a["speaker"]["name"] for a in record["attributions"]}
    result = runner.invoke(app, ["analyze", "-", "--attribution", "oracle"], input="x")
    assert result.exit_code == 2
