"""Run inside doccano's own virtual environment (tests/test_formats_doccano.py
builds it): import a JSONL file with doccano's importer into a fresh
sequence-labeling project with relations, and print what doccano stored.

usage: python doccano_driver.py HOME FILE.jsonl
"""

import json
import os
import sys

home, data = sys.argv[1], sys.argv[2]
os.environ.update(STANDALONE="True", DJANGO_SETTINGS_MODULE="config.settings.production",
                  DATABASE_URL=f"sqlite:///{home}/db.sqlite3", MEDIA_ROOT=f"{home}/media")
import backend  # noqa: E402  (doccano's package; its modules import each other by bare name)

sys.path.append(os.path.dirname(backend.__file__))
import django  # noqa: E402

django.setup()
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402

call_command("migrate", verbosity=0)
from data_import.datasets import load_dataset  # noqa: E402
from data_import.pipeline.catalog import RELATION_EXTRACTION, create_file_format  # noqa: E402
from data_import.pipeline.readers import FileName  # noqa: E402
from examples.models import Example  # noqa: E402
from projects.models import SequenceLabelingProject  # noqa: E402

user = get_user_model().objects.create_user(username="tester", password="tester-password")
project = SequenceLabelingProject.objects.create(name="Kanal", project_type="SequenceLabeling", use_relation=True,
                                                 allow_overlapping=True, created_by=user)
dataset = load_dataset(RELATION_EXTRACTION, create_file_format("JSONL"),
                       [FileName(full_path=data, generated_name="export.jsonl", upload_name="export.jsonl")], project)
dataset.save(user)
examples = []
for example in Example.objects.filter(project=project).order_by("id"):
    examples.append({
        "text": example.text,
        "meta": example.meta,
        "spans": sorted([s.start_offset, s.end_offset, s.label.text] for s in example.spans.all()),
        "relations": sorted([[r.from_id.start_offset, r.from_id.label.text], [r.to_id.start_offset, r.to_id.label.text],
                             r.type.text] for r in example.relations.all()),
    })
print(json.dumps({"errors": [e.dict() for e in dataset.errors], "examples": examples}, ensure_ascii=False))
