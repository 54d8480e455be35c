"""Label Studio tasks, checked by label-studio-sdk's own LabelInterface
against the labeling config we export, and converted by its Converter."""

import json

import pytest

from formats_support import FIRST, articles_only, build, export_to, import_from, link_rows, rows, spans_of, where
from parallax.formats import loss

sdk = pytest.importorskip("label_studio_sdk.label_interface", reason="label-studio-sdk is in the [formats] extra")


@pytest.fixture
def fixture(tmp_path):
    return build(tmp_path)


def test_every_annotation_and_prediction_validates_against_the_exported_config(fixture, tmp_path):
    out = tmp_path / "ls"
    count, report = export_to(fixture.path, "labelstudio", out)
    config = (out / "label_config.xml").read_text(encoding="utf-8")
    interface = sdk.LabelInterface(config)
    tasks = json.loads((out / "tasks.json").read_text(encoding="utf-8"))
    assert count == len(tasks) == 2
    loaded = set()
    for task in tasks:
        names = task["data"]["parallax_annotators"]
        for kind, status in (("annotations", "accepted"), ("predictions", "suggested")):
            for item in task[kind]:
                assert interface._validate_object(item, return_errors=True) == []
                who = names[str(item["completed_by"])] if kind == "annotations" else item["model_version"]
                for region in item["result"]:
                    if region["type"] == "labels":
                        value = region["value"]
                        assert task["data"]["text"][value["start"]:value["end"]] == value["text"]
                        loaded.add((task["data"]["sha256"], value["start"], value["end"], value["labels"][0],
                                    who, status))
    assert loaded == spans_of(fixture.path, lambda r: r["status"] != "rejected")
    assert report.counts == {loss.SPAN_REJECTED: 1, loss.LINK_DROPPED_END: 1, loss.LINK_ACROSS: 1}


def test_offsets_after_the_ship_are_code_points(fixture, tmp_path):
    out = tmp_path / "ls"
    export_to(fixture.path, "labelstudio", out)
    tasks = json.loads((out / "tasks.json").read_text(encoding="utf-8"))
    quote = where(FIRST, "„Wir schließen den Kanal nicht leichtfertig“")
    starts = [(r["value"]["start"], r["value"]["end"]) for t in tasks for a in t["annotations"] for r in a["result"]
              if r["type"] == "labels" and r["value"]["labels"] == ["quote"]]
    assert quote in starts


def test_the_sdks_converter_turns_the_tasks_into_conll(fixture, tmp_path):
    from label_studio_sdk.converter import Converter

    out = tmp_path / "ls"
    export_to(fixture.path, "labelstudio", out, filters=_accepted_by("ben"))
    # What Label Studio exports after importing tasks.json: the same tasks with the ids it gave them.
    tasks = json.loads((out / "tasks.json").read_text(encoding="utf-8"))
    exported = tmp_path / "project-export.json"
    exported.write_text(json.dumps([dict(task, id=n) for n, task in enumerate(tasks, 1)]), encoding="utf-8")
    converter = Converter(config=str(out / "label_config.xml"), project_dir=str(tmp_path))
    converter.convert(str(exported), str(tmp_path / "conll"), "CONLL2003", is_dir=False)
    lines = (tmp_path / "conll" / "result.conll").read_text(encoding="utf-8").splitlines()
    tagged = [(line.split()[0], line.split()[-1]) for line in lines if line.endswith("-quote")]
    # the Treebank tokenizer keeps the German quotes on the words; the span is whole
    assert tagged == [("„Wir", "B-quote"), ("schließen", "I-quote"), ("den", "I-quote"), ("Kanal", "I-quote"),
                      ("nicht", "I-quote"), ("leichtfertig.“", "I-quote")]


def _accepted_by(name):
    from parallax.store.export import Filters

    return Filters(annotators=(name,), statuses=("accepted",))


def test_relations_inside_one_annotation(fixture, tmp_path):
    out = tmp_path / "ls"
    export_to(fixture.path, "labelstudio", out)
    tasks = json.loads((out / "tasks.json").read_text(encoding="utf-8"))
    relations = [r for t in tasks for a in t["annotations"] for r in a["result"] if r["type"] == "relation"]
    assert [(r["from_id"], r["to_id"], r["labels"]) for r in relations] == [
        (fixture.ids["quote"], fixture.ids["nested"], ["elaborates"])]


def test_round_trip_gives_the_same_export(fixture, tmp_path):
    first = tmp_path / "first"
    export_to(fixture.path, "labelstudio", first)
    target = articles_only(tmp_path)
    summary = import_from(target, "labelstudio", first)
    assert (summary.added, summary.links_added) == (6, 1)
    second = tmp_path / "second"
    export_to(target, "labelstudio", second)
    for name in ("tasks.json", "label_config.xml"):
        assert (second / name).read_text(encoding="utf-8") == (first / name).read_text(encoding="utf-8")
    assert rows(target) == [r for r in rows(fixture.path) if r["status"] != "rejected"]
    assert link_rows(target) == [link for link in link_rows(fixture.path) if link[-1] == "elaborates"]


def test_utf16_offsets_from_an_older_frontend_are_read_as_code_points(fixture, tmp_path):
    start, end = where(FIRST, "Jana Petersen")
    task = {"data": {"text": FIRST}, "annotations": [{"completed_by": 7, "result": [
        {"id": "r1", "from_name": "label", "to_name": "text", "type": "labels",
         "value": {"start": start + 1, "end": end + 1, "text": "Jana Petersen", "labels": ["speaker"]}}]}]}
    source = tmp_path / "export.json"
    source.write_text(json.dumps([task]), encoding="utf-8")
    target = articles_only(tmp_path)
    import_from(target, "labelstudio", source)
    assert [(r["start"], r["text"], r["annotator"]) for r in rows(target)] == [(start, "Jana Petersen",
                                                                                 "labelstudio:7")]
