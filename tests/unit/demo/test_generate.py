"""The demo files: deterministic, in the real export formats, with known duplicates and planted faults."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from random import Random
from typing import Any

import phonenumbers
import pytest
import vobject

from talentscout.demo import generate_demo_files
from talentscout.demo.population import build_population
from talentscout.demo.text import ascii_fold
from talentscout.domain.records import CandidateData, SourceChannel
from tests.unit.demo.conftest import Generated

LINKEDIN = "LinkedIn connections (Alice)"
JSON_RESUME = "JSON Resume profiles"
BADGES = "Berlin Tech Meetup badges"
REFERRALS = "Employee referrals"
GREENHOUSE = "Greenhouse 2023 applicants"
LEVER = "Lever 2024–2025 applicants"
CV_DATABASE = "CV database"
TALENTBRIDGE = "Agency: Talentbridge"
HIREWELL = "Agency: Hirewell"


def _all_bytes(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _csv_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def _json(demo: Generated, source_name: str) -> list[dict[str, Any]]:
    data = json.loads(demo.file(source_name).path.read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


def _linkedin_rows(demo: Generated) -> list[dict[str, str]]:
    text = demo.file(LINKEDIN).path.read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text.split("\n\n", 1)[1])))


def test_the_same_seed_writes_byte_identical_files(demo: Generated, tmp_path: Path) -> None:
    generate_demo_files(tmp_path, people=3000, seed=7)

    assert _all_bytes(tmp_path) == _all_bytes(demo.folder)


def test_another_seed_writes_other_people(tmp_path: Path) -> None:
    first = generate_demo_files(tmp_path / "a", people=200, seed=7)[0].path.read_bytes()
    second = generate_demo_files(tmp_path / "b", people=200, seed=8)[0].path.read_bytes()

    assert first != second


def test_three_thousand_people_are_generated_in_under_three_seconds(demo: Generated) -> None:
    assert demo.seconds < 3.0


def test_too_few_people_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least"):
        generate_demo_files(tmp_path, people=5)


def test_a_small_workspace_still_gets_every_source(tmp_path: Path) -> None:
    files = generate_demo_files(tmp_path, people=40, seed=99)

    assert all(f.path.exists() for f in files)
    assert len({f.source_name for f in files}) == 9


def test_every_demo_file_names_a_known_format_channel_and_mapping(demo: Generated) -> None:
    fields = set(CandidateData.__dataclass_fields__)

    assert [f.format for f in demo.files] == [
        "linkedin",
        "jsonresume",
        "vcard",
        "csv",
        "greenhouse",
        "lever",
        "resume",
        "csv",
        "csv",
    ]
    assert {f.channel for f in demo.files} == {c.value for c in SourceChannel} - {"manual"}
    for f in demo.files:
        assert f.path.exists(), f.path
        if f.format == "csv":
            header = next(csv.reader(io.StringIO(f.path.read_text(encoding="utf-8-sig"))))
            assert set(f.mapping) | {f.id_column} <= set(header)
            assert set(f.mapping.values()) <= fields
        else:
            assert f.mapping == {}


def test_no_file_contains_a_python_none_or_an_unfilled_placeholder(demo: Generated) -> None:
    for name, data in _all_bytes(demo.folder).items():
        assert b"None" not in data, name
        assert not re.search(rb"\{(skill|n|title|years|skills|area|g|f|i|yy|nn|hex)\}", data), name


def test_the_linkedin_export_opens_with_the_notes_preamble_and_the_real_columns(demo: Generated) -> None:
    lines = demo.file(LINKEDIN).path.read_text(encoding="utf-8").split("\n")
    rows = _linkedin_rows(demo)

    assert lines[0] == "Notes:"
    assert lines[2] == ""
    assert lines[3] == "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
    assert all(re.fullmatch(r"\d{2} [A-Z][a-z]{2} 20\d{2}", r["Connected On"]) for r in rows)
    assert sum(not r["Email Address"] for r in rows) / len(rows) > 0.85


def test_the_json_exports_parse_into_their_documented_shapes(demo: Generated) -> None:
    resumes, candidates, opportunities = _json(demo, JSON_RESUME), _json(demo, GREENHOUSE), _json(demo, LEVER)

    assert all(r["$schema"].endswith("/v1.0.0/schema.json") and r["basics"]["name"] for r in resumes)
    candidate_keys = {
        "id",
        "first_name",
        "last_name",
        "company",
        "title",
        "email_addresses",
        "phone_numbers",
        "addresses",
        "website_addresses",
        "social_media_addresses",
        "tags",
        "applications",
    }
    assert all(candidate_keys <= c.keys() for c in candidates)
    application = candidates[0]["applications"][0]
    assert {"jobs", "status", "current_stage", "rejection_reason", "applied_at"} <= application.keys()
    opportunity_keys = {
        "id",
        "name",
        "headline",
        "emails",
        "phones",
        "links",
        "location",
        "tags",
        "stage",
        "archived",
        "applications",
        "createdAt",
    }
    assert all(opportunity_keys <= o.keys() and isinstance(o["createdAt"], int) for o in opportunities)
    assert all(o["applications"][0]["postingTitle"] for o in opportunities)


def test_some_past_applicants_reached_the_final_rounds_and_were_turned_down(demo: Generated) -> None:
    silver = [
        a
        for c in _json(demo, GREENHOUSE)
        for a in c["applications"]
        if a["current_stage"]["name"] in ("Onsite Interview", "Offer") and a["status"] == "rejected"
    ]
    late_lever = [o for o in _json(demo, LEVER) if o["stage"] in ("On-site interview", "Offer")]

    assert len(silver) > 100
    assert all(a["rejection_reason"]["name"] for a in silver)
    assert len(late_lever) > 50


def test_badge_scans_are_vcard_4_with_crlf_lines_folded_at_75_octets(demo: Generated) -> None:
    raw = demo.file(BADGES).path.read_bytes()
    text = raw.decode("utf-8")
    cards = list(vobject.readComponents(text))

    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert max(len(line) for line in raw.split(b"\r\n")) <= 75
    assert len(cards) == len(demo.truth_for(BADGES))
    assert all(card.version.value == "4.0" and card.fn.value for card in cards)


def test_the_cv_database_holds_40_to_80_plain_text_resumes(demo: Generated) -> None:
    folder = demo.file(CV_DATABASE).path
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]

    assert folder.is_dir()
    assert 40 <= len(texts) <= 80
    for text in texts:
        assert re.search(r"^(SUMMARY|PROFILE)$", text, re.M)
        assert re.search(r"^(EXPERIENCE|WORK EXPERIENCE)$", text, re.M)
        assert re.search(r"^EDUCATION$", text, re.M)
        assert re.search(r"SKILLS$", text, re.M)
        assert re.search(r"[A-Z][a-z]{2} \d{4} [–-] Present", text)
        assert "@" in text.split("\n\n")[0]


def test_the_ground_truth_lists_every_record_with_the_id_its_file_carries(demo: Generated) -> None:
    ids = {
        LINKEDIN: [r["URL"] for r in _linkedin_rows(demo)],
        JSON_RESUME: [r["basics"]["email"] for r in _json(demo, JSON_RESUME)],
        BADGES: re.findall(r"^UID:(.+)\r$", demo.file(BADGES).path.read_bytes().decode("utf-8"), re.M),
        GREENHOUSE: [str(c["id"]) for c in _json(demo, GREENHOUSE)],
        LEVER: [o["id"] for o in _json(demo, LEVER)],
    }
    for source_name in (REFERRALS, TALENTBRIDGE, HIREWELL):
        f = demo.file(source_name)
        ids[source_name] = [r[str(f.id_column)] for r in _csv_rows(f.path)]

    for source_name, expected in ids.items():
        assert [row["source_id"] for row in demo.truth_for(source_name)] == expected, source_name
    resumes = demo.truth_for(CV_DATABASE)
    assert sorted(Path(r["file"]).name for r in resumes) == sorted(
        p.name for p in demo.file(CV_DATABASE).path.iterdir()
    )


def test_every_person_appears_in_one_to_three_sources_and_many_in_several(demo: Generated) -> None:
    sources: dict[str, set[str]] = defaultdict(set)
    for row in demo.truth:
        if row["true_person_key"]:
            sources[row["true_person_key"]].add(row["source_name"])
    spread = Counter(len(s) for s in sources.values())

    assert len(sources) == 3000
    assert set(spread) == {1, 2, 3}
    assert spread[2] + spread[3] > 900
    assert sum(1 for s in sources.values() if {TALENTBRIDGE, HIREWELL} <= s) >= 3


def _written(demo: Generated) -> dict[str, list[tuple[str, str, str]]]:
    """Person key -> (name, email, phone) as each CSV/ATS record wrote them."""
    records: dict[str, list[tuple[str, str, str]]] = defaultdict(list)

    def add(source_name: str, values: list[tuple[str, str, str]]) -> None:
        for row, value in zip(demo.truth_for(source_name), values, strict=True):
            if row["true_person_key"]:
                records[row["true_person_key"]].append(value)

    refs = _csv_rows(demo.file(REFERRALS).path)
    add(REFERRALS, [(r["Candidate name"], r["Email"], r["Phone"]) for r in refs])
    tb = _csv_rows(demo.file(TALENTBRIDGE).path)
    add(TALENTBRIDGE, [(f"{r['First name']} {r['Last name']}", r["E-mail"], r["Mobile"]) for r in tb])
    hw = _csv_rows(demo.file(HIREWELL).path)
    add(HIREWELL, [(r["Name"], r["Email Address"], r["Phone Number"]) for r in hw])
    lever = _json(demo, LEVER)
    add(LEVER, [(o["name"], o["emails"][0], o["phones"][0]["value"]) for o in lever])
    return records


def test_the_same_person_is_written_differently_across_sources(demo: Generated) -> None:
    records = [r for r in _written(demo).values() if len(r) > 1]
    others = "".join(
        f.path.read_text(encoding="utf-8-sig") for f in demo.files if f.format in ("csv", "lever")
    )

    assert sum(len({name for name, _, _ in r}) > 1 for r in records) > 30
    assert sum(len({email for _, email, _ in r if email}) > 1 for r in records) > 15
    assert sum(len({phone for _, _, phone in r if phone}) > 1 for r in records) > 50
    assert "?originalSubdomain=" in others
    assert "utm_source=share" in others


def test_every_written_phone_parses_in_the_persons_country_except_the_planted_one(demo: Generated) -> None:
    country = {p.key: p.country.iso for p in build_population(Random(7), 3000)}
    columns = {REFERRALS: "Phone", TALENTBRIDGE: "Mobile", HIREWELL: "Phone Number"}
    checked = 0
    for source_name, column in columns.items():
        rows = _csv_rows(demo.file(source_name).path)
        for truth, row in zip(demo.truth_for(source_name), rows, strict=True):
            if row[column] and truth["defect"] != "invalid_phone":
                number = phonenumbers.parse(row[column], country[truth["true_person_key"]])
                assert phonenumbers.is_valid_number(number), row[column]
                checked += 1

    assert checked > 500


def test_namesakes_in_different_cities_are_different_people(demo: Generated) -> None:
    groups: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for row in demo.truth:
        if row["hard_negative_group"].startswith("same-name:"):
            groups[row["hard_negative_group"]].add((row["true_person_key"], row["true_full_name"]))

    assert set(groups) >= {"same-name:maria-garcia", "same-name:wei-zhang", "same-name:thomas-mueller"}
    for members in groups.values():
        assert len(members) == 2
        first_two_words = {" ".join(ascii_fold(name).split()[:2]) for _, name in members}
        assert len(first_two_words) == 1


def test_relatives_share_a_surname_and_a_household_phone_but_are_two_people(demo: Generated) -> None:
    keys = {row["true_full_name"]: row["true_person_key"] for row in demo.truth if row["hard_negative_group"]}
    greenhouse = dict(
        zip((r["true_person_key"] for r in demo.truth_for(GREENHOUSE)), _json(demo, GREENHOUSE), strict=True)
    )
    lever = dict(zip((r["true_person_key"] for r in demo.truth_for(LEVER)), _json(demo, LEVER), strict=True))

    jonas_home = next(
        p["value"] for p in greenhouse[keys["Jonas Becker"]]["phone_numbers"] if p["type"] == "home"
    )
    lena_phone = lever[keys["Lena Becker"]]["phones"][0]["value"]

    assert keys["Jonas Becker"] != keys["Lena Becker"]
    assert re.sub(r"\D", "", jonas_home)[-8:] == re.sub(r"\D", "", lena_phone)[-8:]


def test_a_handful_of_deliberately_bad_rows_are_planted(demo: Generated) -> None:
    bad = [row for row in demo.truth if row["defect"]]
    hirewell = _csv_rows(demo.file(HIREWELL).path)
    talentbridge = _csv_rows(demo.file(TALENTBRIDGE).path)
    referrals = _csv_rows(demo.file(REFERRALS).path)

    assert 4 <= len(bad) <= len(demo.truth) // 100
    assert {row["defect"] for row in bad} == {
        "no_name_or_contact",
        "invalid_email",
        "invalid_phone",
        "html_in_name",
    }
    assert any(r["E-mail"].endswith("@") for r in talentbridge)
    assert any(r["Phone Number"] == "12" for r in hirewell)
    assert any(r["Name"].startswith("<b>") for r in hirewell)
    assert any(not (r["Candidate name"] or r["Email"] or r["Phone"] or r["LinkedIn"]) for r in referrals)
