"""Recruiter search on a small imported pool: every operator, the same answers on SQLite and PostgreSQL.

The pool is imported once per module through the real import service (a spreadsheet and a JSON Resume
file sent in as referrals), into a database of its own, with a clock fixed on 15 June 2026.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import unicodedata
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from sqlalchemy import Text, bindparam, create_engine, func, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import make_url

from talentscout.db.engine import make_engine, migrate
from talentscout.db.search_query import pg_document
from talentscout.domain.permissions import Actor, Role
from talentscout.domain.query import words
from talentscout.domain.query.words import FOLDED_BLOCKS
from talentscout.domain.records import SourceChannel
from talentscout.importers.base import ImportOptions
from talentscout.services import accounts, ingest
from talentscout.services.errors import InvalidInput, PermissionDenied
from talentscout.services.search import InvalidQuery, search_people
from talentscout.services.unit_of_work import Database
from tests.conftest import BACKEND, PASSWORD

SPREADSHEET = (
    "Candidate ID,Full Name,Email,Title,Company,City,Country,Skills,Tags\n"
    "s1,Ada Lovelace,ada@example.org,Senior Backend Engineer,Analytical Engines Ltd,London,United Kingdom,"
    '"Python, k8s, PostgreSQL",backend;london\n'
    's2,José Müller,jose@example.org,Data Scientist,Acme GmbH,Berlin,Germany,"Machine learning, SQL",data\n'
    's3,Grace Hopper,grace@example.org,Engineering Manager,Navy Systems,New York,United States,"COBOL, C++",'
    "leadership\n"
    's4,Linus Berg,linus@example.org,Backend Engineer,Acme Corp,Potsdam,Germany,"Golang, C",backend\n'
    's5,Zoë Ødegaard,zoe@example.org,Frontend Developer,Widgets AS,Oslo,Norway,"JavaScript, React",frontend\n'
    's6,Ravi Shankar,ravi@example.org,DevOps Engineer,CloudCo,München,Germany,"Kubernetes, Terraform",\n'
)
SPREADSHEET_PEOPLE = {"Ada", "José", "Grace", "Linus", "Zoë", "Ravi"}


def _resume(
    name: str, city: str, country: str, work: list[tuple[str, str, str, str]], **more: object
) -> object:
    jobs = [{"name": n, "position": p, "startDate": s, "endDate": e} for n, p, s, e in work]
    basics = {"name": name, "email": f"{name.split()[0].lower()}@example.net"}
    return {"basics": basics | {"location": {"city": city, "countryCode": country}}, "work": jobs, **more}


REFERRALS = [
    _resume(
        "Ines Carvalho",
        "Lisbon",
        "PT",
        [
            ("OutSystems", "Senior Frontend Engineer", "2014-02", "Present"),
            ("Talkdesk", "Frontend Engineer", "2011-01", "2014-01"),
        ],
        education=[{"institution": "Universidade de Lisboa"}],
        skills=[{"name": "React"}, {"name": "TypeScript"}, {"name": "JS"}],
    ),
    _resume(
        "Kwame Mensah",
        "Accra",
        "GH",
        [
            ("Andela", "Engineering Lead", "2019-03", "Present"),
            ("Acme Corp", "Backend Engineer", "2017-03", "2019-02"),
        ],
        education=[{"institution": "University of Ghana"}],
        skills=[{"name": "Python"}, {"name": "Django"}],
    ),
    _resume(
        "Mei Chen",
        "San Francisco",
        "US",
        [
            ("Stripe", "Staff Engineer", "2016-01", "Present"),
            ("Google", "Software Engineer", "2005-06", "2015-12"),
        ],
        education=[{"institution": "Stanford University"}],
        skills=[{"name": "Go"}, {"name": "Kubernetes"}],
    ),
    _resume(
        "Olu Adeyemi",
        "London",
        "GB",
        [("Monzo", "Graduate Engineer", "2024-09", "Present")],
        education=[{"institution": "Imperial College London"}],
        skills=[{"name": "Python"}],
    ),
]
REFERRED_PEOPLE = {"Ines", "Kwame", "Mei", "Olu"}
EVERYONE = SPREADSHEET_PEOPLE | REFERRED_PEOPLE


class FixedClock:
    def now(self) -> datetime:
        return datetime(2026, 6, 15, 12, 0, tzinfo=UTC)


@dataclass
class Pool:
    db: Database
    alice: Actor
    eve: Actor
    charlie: Actor


@pytest.fixture(scope="module")
def database(database_template: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated database of this module's own: a copied SQLite file, or a PostgreSQL schema (the
    shared per-worker database is emptied before every test that uses the ``container`` fixture)."""
    if BACKEND == "sqlite":
        target = tmp_path_factory.mktemp("search") / "search.sqlite3"
        shutil.copyfile(database_template, target)
        yield f"sqlite:///{target}"
        return
    schema = f"ts_search_{uuid.uuid4().hex[:8]}"
    admin = create_engine(database_template, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(database_template).update_query_dict({"options": f"-csearch_path={schema}"})
    migrate(url.render_as_string(hide_password=False))
    yield url.render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(scope="module")
def pool(database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pool]:
    db = Database(make_engine(database), FixedClock())
    acme = accounts.create_workspace(db, name="Acme Talent")
    globex = accounts.create_workspace(db, name="Globex Recruiting")

    def actor(workspace: int, email: str, role: Role) -> Actor:
        user = accounts.create_user(
            db, workspace_id=workspace, email=email, name=email, role=role, password=PASSWORD
        )
        return user.actor()

    team = Pool(
        db,
        actor(acme, "alice@acme.example", Role.RECRUITER),
        actor(acme, "eve@acme.example", Role.REFERRER),
        actor(globex, "charlie@globex.example", Role.RECRUITER),
    )
    files = tmp_path_factory.mktemp("pool")
    (files / "people.csv").write_text(SPREADSHEET, encoding="utf-8")
    (files / "referrals.json").write_text(json.dumps(REFERRALS), encoding="utf-8")
    (files / "globex.csv").write_text(
        "Candidate ID,Full Name,Email,Title,City,Country,Skills\n"
        "g1,Pat Python,pat@globex.example,Backend Engineer,Berlin,Germany,Python\n",
        encoding="utf-8",
    )
    for path, who, source, channel in [
        ("people.csv", team.alice, "Spreadsheet", None),
        ("referrals.json", team.alice, "Referrals", SourceChannel.REFERRAL),
        ("globex.csv", team.charlie, "Spreadsheet", None),
    ]:
        options = ImportOptions(display_name=path, id_column="Candidate ID" if path.endswith("csv") else None)
        report = ingest.run_import(
            db, actor=who, path=files / path, source_name=source, channel=channel, options=options
        )
        assert report.status == "done"
        assert report.rejected == 0
    yield team
    db.engine.dispose()


def found(pool: Pool, query: str, **options: bool) -> set[str]:
    result = search_people(pool.db, actor=pool.alice, query=query, limit=200, **options)
    assert result.total == len(result.people)
    return {p.display_name.split()[0] for p in result.people}


def test_the_pool_was_imported(pool: Pool) -> None:
    assert found(pool, "-zzzzqqq") == EVERYONE


# --- free text ---------------------------------------------------------------------------------

OPERATORS = [
    # words, phrases, prefixes
    ("python", {"Ada", "Kwame", "Olu"}),
    ('"backend engineer"', {"Ada", "Linus", "Kwame"}),
    ('"engineer backend"', set()),
    ("engineer*", EVERYONE - {"José", "Zoë"}),
    ('"senior back"*', {"Ada"}),
    # AND, implicit AND, OR, NOT, -, precedence, parentheses
    ("python AND london", {"Ada", "Olu"}),
    ("python london", {"Ada", "Olu"}),
    ("python OR golang", {"Ada", "Kwame", "Olu", "Linus", "Mei"}),
    ("python OR golang kubernetes", {"Ada", "Kwame", "Olu", "Mei"}),
    ("(python OR golang) kubernetes", {"Ada", "Mei"}),
    ("python NOT london", {"Kwame"}),
    ("python -london", {"Kwame"}),
    ("NOT python", EVERYONE - {"Ada", "Kwame", "Olu"}),
    ("NOT python london", set()),
    ("NOT (python london)", EVERYONE - {"Ada", "Olu"}),
    ("-(python OR golang)", EVERYONE - {"Ada", "Kwame", "Olu", "Linus", "Mei"}),
    ("NOT NOT python", {"Ada", "Kwame", "Olu"}),
    ("python and london or golang", {"Ada", "Olu", "Linus", "Mei"}),
    ("engineer* -python -kubernetes", {"Grace", "Linus", "Ines"}),
    ("(london -python) OR golang", {"Linus", "Mei"}),
    ("-python -golang", {"José", "Grace", "Zoë", "Ravi", "Ines"}),
    ("engineer* -(python OR -london)", set()),
    # diacritics fold the same way on both databases
    ("jose", {"José"}),
    ("MÜLLER", {"José"}),
    ("zoe", {"Zoë"}),
    ("ødegaard", {"Zoë"}),
    ("Jose\u0301", {"José"}),
    # synonyms, and turning them off
    ("k8s", {"Ada", "Ravi", "Mei"}),
    ("=k8s", {"Ada"}),
    ("kubernetes", {"Ada", "Ravi", "Mei"}),
    ("JS", {"Zoë", "Ines"}),
    ("=JS", {"Ines"}),
    ("golang", {"Linus", "Mei"}),
    ("C++", {"Grace"}),
    # fields
    ("title:engineer", {"Ada", "Linus", "Ravi", "Ines", "Mei", "Olu"}),
    ('title:"backend engineer"', {"Ada", "Linus"}),
    ("title:eng*", {"Ada", "Linus", "Ravi", "Ines", "Mei", "Olu", "Grace", "Kwame"}),
    ("title:engineer -company:acme", {"Ada", "Ravi", "Ines", "Mei", "Olu"}),
    ("company:acme", {"José", "Linus"}),
    ('company:"acme corp"', {"Linus"}),
    ("company:google", set()),
    ("pastcompany:acme", {"Kwame"}),
    ("pastcompany:google", {"Mei"}),
    ("school:stanford", {"Mei"}),
    ('school:"imperial college"', {"Olu"}),
    ("school:lisboa", {"Ines"}),
    ("skill:k8s", {"Ada", "Ravi", "Mei"}),
    ("skill:=k8s", {"Ada"}),
    ("skill:python", {"Ada", "Kwame", "Olu"}),
    ("skill:c", {"Linus"}),
    ("skill:C++", {"Grace"}),
    ("skill:javascript", {"Zoë", "Ines"}),
    ("skill:(react OR django)", {"Zoë", "Ines", "Kwame"}),
    ("location:germany", {"José", "Linus", "Ravi"}),
    ("location:DE", {"José", "Linus", "Ravi"}),
    ('location:"United Kingdom"', {"Ada", "Olu"}),
    ("location:london", {"Ada", "Olu"}),
    ("location:münchen", {"Ravi"}),
    ("location:munich", {"Ravi"}),
    ("source:spreadsheet", SPREADSHEET_PEOPLE),
    ("source:manual", SPREADSHEET_PEOPLE),
    ("source:referrals", REFERRED_PEOPLE),
    ("source:referral", REFERRED_PEOPLE),
    ("tag:backend", {"Ada", "Linus"}),
    ("-tag:backend", EVERYONE - {"Ada", "Linus"}),
    ("name:ada", {"Ada"}),
    ('name:"grace hopper"', {"Grace"}),
    ("name:mül*", {"José"}),
    # years since the first job started (15 June 2026), unknown for the spreadsheet
    ("years:5..10", {"Kwame"}),
    ("years:10..", {"Ines", "Mei"}),
    ("years:..3", {"Olu"}),
    ("years:1", {"Olu"}),
    ("years:9..9", {"Kwame"}),
    ("-years:5..", SPREADSHEET_PEOPLE | {"Olu"}),
    # radius around a resolved place: Potsdam is ~27 km from Berlin, Munich ~504 km
    ('near:"Berlin"', {"José", "Linus"}),
    ("near:Berlin within:20km", {"José"}),
    ("near:Berlin within:600km", {"José", "Linus", "Ravi"}),
    ("near:Berlin within:300mi", {"José", "Linus"}),
    ("near:Berlin within:320mi", {"José", "Linus", "Ravi"}),
    ("-near:Berlin", EVERYONE - {"José", "Linus"}),
    ("near:London within:10km", {"Ada", "Olu"}),
    # the recruiter's query
    (
        '(python OR golang) AND title:"backend engineer" -company:acme near:"London" within:50km',
        {"Ada"},
    ),
    ('(python OR golang) AND title:"backend engineer" -company:acme near:"Berlin" years:5..10', set()),
    ("skill:python years:5..10 OR skill:go years:20..", {"Kwame", "Mei"}),
]


@pytest.mark.parametrize(("query", "expected"), OPERATORS, ids=[q for q, _ in OPERATORS])
def test_every_operator_finds_the_same_people_on_this_database(
    pool: Pool, query: str, expected: set[str]
) -> None:
    assert found(pool, query) == expected


def test_expand_synonyms_false_matches_only_the_words_typed(pool: Pool) -> None:
    assert found(pool, "k8s", expand_synonyms=False) == {"Ada"}
    assert found(pool, "skill:js", expand_synonyms=False) == {"Ines"}


@pytest.mark.parametrize(
    "query",
    [
        '"python NEAR java"',
        "NEAR(python java)",
        '"AND" OR "OR" OR "NOT"',
        'title:"a:b" OR "^python" OR python^2',
        "title:'x' OR ' OR 1=1",
        '"a" * "b"*',
        "python -- comment",
        "{python} [java] %_ \\ ;",
        'company:"acme*"',
        "C++ C# .NET F#",
        "\u0000 python \u202e",
    ],
)
def test_fts_and_sql_syntax_typed_by_users_never_reaches_the_database(pool: Pool, query: str) -> None:
    outcome: object
    try:
        outcome = search_people(pool.db, actor=pool.alice, query=query).total
    except InvalidQuery as error:
        outcome = error.position
    assert isinstance(outcome, int)
    assert outcome >= 0


# --- the service ---------------------------------------------------------------------------------


def test_a_bad_query_raises_invalid_input_with_the_message_and_position(pool: Pool) -> None:
    with pytest.raises(InvalidInput) as caught:
        search_people(pool.db, actor=pool.alice, query="python titel:cto")
    assert isinstance(caught.value, InvalidQuery)
    assert str(caught.value) == "unknown field 'titel:' at column 8 — did you mean 'title:'?"
    assert caught.value.position == 7


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("(python", "unbalanced parenthesis"),
        ('"python', "unbalanced quote"),
        ("NOT", "NOT needs a term after it"),
        ("near:Xyzzyqwv", "unknown place"),
        (" ".join(["go"] * 10_000), "query too long"),
        ("", "empty query"),
    ],
)
def test_bad_input_is_a_clear_message_never_a_database_error(pool: Pool, query: str, message: str) -> None:
    with pytest.raises(InvalidQuery, match=message):
        search_people(pool.db, actor=pool.alice, query=query)


def test_people_of_another_workspace_are_never_found(pool: Pool) -> None:
    assert found(pool, "pat OR python") == {"Ada", "Kwame", "Olu"}
    theirs = search_people(pool.db, actor=pool.charlie, query="python OR near:Berlin")
    assert [p.display_name for p in theirs.people] == ["Pat Python"]


def test_searching_needs_the_view_people_permission(pool: Pool) -> None:
    with pytest.raises(PermissionDenied):
        search_people(pool.db, actor=pool.eve, query="python")


def test_free_words_rank_by_relevance_and_fields_by_recency(pool: Pool) -> None:
    ranked = search_people(pool.db, actor=pool.alice, query="python OR kubernetes")
    assert ranked.ranked
    assert {p.display_name.split()[0] for p in ranked.people} == {"Ada", "Kwame", "Olu", "Ravi", "Mei"}
    assert ranked.people[0].display_name == "Ada Lovelace"  # the only one with both
    recent = search_people(pool.db, actor=pool.alice, query="tag:backend OR -tag:backend")
    assert not recent.ranked
    stamps = [(p.updated_at, p.id) for p in recent.people]
    assert stamps == sorted(stamps, reverse=True)


def test_negated_words_do_not_rank(pool: Pool) -> None:
    assert not search_people(pool.db, actor=pool.alice, query="-python").ranked


def test_pages_have_a_total_and_do_not_overlap(pool: Pool) -> None:
    first = search_people(pool.db, actor=pool.alice, query="engineer*", limit=3)
    second = search_people(pool.db, actor=pool.alice, query="engineer*", limit=3, offset=3)
    assert first.total == second.total == 8
    assert len(first.people) == len(second.people) == 3
    assert not {p.id for p in first.people} & {p.id for p in second.people}


def test_the_result_explains_the_query_and_its_synonyms(pool: Pool) -> None:
    result = search_people(pool.db, actor=pool.alice, query="k8s -company:acme near:Berlin")
    assert result.explained == 'k8s AND NOT company:acme AND near:"Berlin" within:50km'
    assert result.synonyms == ["k8s → also kubernetes, kube"]


# --- the two tokenisers agree ------------------------------------------------------------------

# Documented in domain/query/words.py: superscripts and fractions; characters added after Unicode 6.1;
# letters unicode61 folds its own way.
_DIFFERENT_BY_DESIGN = frozenset(
    "²³¹¼½¾\u037f\u0528\u052a\u052c\u052e\u0605\u061c\u061d\u2066\u2067\u2068\u2069Ǡǡµſẛϐϑϕϖϰϱϵ"
)


def _sample() -> list[str]:
    blocks = [*FOLDED_BLOCKS, (0x4E00, 0x4F00), (0xAC00, 0xAD00)]
    chars = (chr(c) for first, end in blocks for c in range(first, end))
    return [
        c
        for c in chars
        if unicodedata.category(c) not in ("Cn", "Cs", "Cc") and c not in _DIFFERENT_BY_DESIGN
    ]


def _database_words(pool: Pool, texts: list[str]) -> list[tuple[str, ...]]:
    if BACKEND == "sqlite":
        conn = sqlite3.connect(":memory:")
        conn.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='unicode61 remove_diacritics 2')")
        conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, instance)")
        conn.executemany("INSERT INTO t(rowid, x) VALUES (?, ?)", enumerate(texts, 1))
        found: dict[int, dict[int, str]] = {}
        for term, doc, offset in conn.execute("SELECT term, doc, offset FROM v"):
            found.setdefault(doc, {})[offset] = term
        return [tuple(t for _, t in sorted(found.get(i, {}).items())) for i in range(1, len(texts) + 1)]
    value = func.unnest(bindparam("texts", texts, type_=ARRAY(Text))).column_valued("value")
    with pool.db.read() as conn:
        rows = conn.execute(select(value, func.tsvector_to_array(pg_document(value))))
        lexemes = {value: tuple(found) for value, found in rows}
    return [lexemes[t] for t in texts]


def test_every_character_of_the_supported_scripts_is_a_word_or_a_separator_on_both_sides(pool: Pool) -> None:
    texts = [f"q{c}q" for c in _sample()]
    expected = [words(t) for t in texts]
    if BACKEND != "sqlite":  # a tsvector lists each distinct word once, sorted, and decomposed
        expected = [tuple(sorted({unicodedata.normalize("NFD", w) for w in found})) for found in expected]
    assert _database_words(pool, texts) == expected
