"""Contract: the product's own importers read every demo file, keyed by the ids in the ground truth."""

from __future__ import annotations

from talentscout.importers.base import ImportOptions
from talentscout.importers.registry import IMPORTERS
from tests.unit.demo.conftest import Generated


def test_every_demo_file_is_read_by_its_importer_and_only_the_planted_junk_is_rejected(
    demo: Generated,
) -> None:
    for f in demo.files:
        options = ImportOptions(display_name=f.path.name, mapping=dict(f.mapping), id_column=f.id_column)
        rows = list(IMPORTERS[f.format].parse(f.path, options=options))
        truth = demo.truth_for(f.source_name)
        junk = {t["source_id"] for t in truth if t["defect"] == "no_name_or_contact"}

        assert len(rows) == len(truth), f.source_name
        assert {r.external_id for r in rows} == {t["source_id"] for t in truth}, f.source_name
        assert {r.external_id for r in rows if r.rejected} == junk, f.source_name
