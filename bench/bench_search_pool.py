"""The search benchmark's pool: N generated JSON Resume profiles, imported through the real import path.

Realistic skew (a few very common titles, companies, cities and skills, a long tail of rare ones), work
histories with start dates (for ``years:``), past employers, schools and places the gazetteer knows (for
``near:``). Imported with ``ingest.run_import`` (as ``bench/bench_import.py`` does) in files of 100,000
résumés, into a SQLite file that is kept (``--cache``) so reruns skip the import.
"""

from __future__ import annotations

import itertools
import json
import random
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

FIRST = [
    "Ada", "José", "Zoë", "Łukasz", "Priya", "Chen", "Amara", "Lucas", "Fatima", "Sven", "Maria", "Ken",
    "Olga", "Kwame", "Ana", "Jonas", "Mei", "Rahul", "Sofia", "Tom", "Grace", "Linus", "Aisha", "Mateo",
    "Yuki", "Ingrid", "Omar", "Hannah", "Pedro", "Nina", "Ivan", "Leila", "Diego", "Emma", "Kofi", "Sara",
    "Felix"
]  # fmt: skip
LAST = [
    "Müller", "García", "Nowak", "Sharma", "Wang", "Okafor", "Silva", "Dubois", "Smith", "Rossi", "Kim",
    "Novak", "Jensen", "Haddad", "Kowalski", "Tanaka", "Brown", "Fischer", "Ivanova", "Lopez", "Schmidt",
    "Weber", "Costa", "Murphy", "Nielsen", "Yilmaz", "Papadopoulos", "Horvath", "Ng", "Patel"
]  # fmt: skip
TITLES = [
    "Software Engineer", "Senior Software Engineer", "Backend Engineer", "Frontend Developer",
    "Full Stack Developer", "Data Scientist", "Senior Data Scientist", "Data Engineer", "DevOps Engineer",
    "Site Reliability Engineer", "Product Manager", "Engineering Manager", "Machine Learning Engineer",
    "QA Engineer", "UX Designer", "Product Designer", "Account Executive", "Sales Manager",
    "Registered Nurse", "Financial Analyst", "Recruiter", "Marketing Manager", "Mobile Developer",
    "Security Engineer", "Solutions Architect", "Technical Writer", "Cloud Architect", "Staff Engineer",
    "Principal Engineer", "CTO", "Embedded Software Engineer", "Game Developer", "Data Analyst",
    "Business Analyst", "Scrum Master", "Database Administrator", "Network Engineer", "iOS Developer",
    "Android Developer", "Research Scientist",
]  # fmt: skip
SKILLS = [
    "Python", "Java", "SQL", "JavaScript", "TypeScript", "Kubernetes", "Docker", "AWS", "React", "Go",
    "Excel", "Linux", "Git", "C++", "C#", "PostgreSQL", "Terraform", "Node.js", "Machine learning",
    "Kafka", "Spark", "Azure", "Google Cloud", "Scala", "Rust", "Kotlin", "Swift", "Ruby", "PHP",
    "Django", "Flask", "Spring", "Angular", "Vue.js", "GraphQL", "Redis", "MongoDB", "Elasticsearch",
    "Airflow", "Tableau", "Power BI", "Salesforce", "Figma", "Jira", "Ansible", "Jenkins", "Hadoop",
    "TensorFlow", "PyTorch", "Pandas", "R", "MATLAB", "Haskell", "Erlang", "Elixir", "Clojure",
    "OCaml", "Fortran", "COBOL", "Perl", "Negotiation", "Nursing", "Public speaking", "Accounting",
    "SAP", "Snowflake", "dbt", "Prometheus", "Grafana", "OpenShift", "Istio", "Solidity", "Unity",
    "Unreal Engine", "CUDA", "Verilog", "Bash", "gRPC", "RabbitMQ",
]  # fmt: skip
CITIES = [
    ("Berlin", "BE", "DE"), ("London", None, "GB"), ("New York", "NY", "US"), ("Bangalore", None, "IN"),
    ("Paris", None, "FR"), ("Munich", "BY", "DE"), ("San Francisco", "CA", "US"), ("Amsterdam", None, "NL"),
    ("Warsaw", None, "PL"), ("Madrid", None, "ES"), ("Toronto", "ON", "CA"), ("Hamburg", None, "DE"),
    ("Austin", "TX", "US"), ("Lisbon", None, "PT"), ("Dublin", None, "IE"), ("Stockholm", None, "SE"),
    ("Barcelona", None, "ES"), ("Seattle", "WA", "US"), ("Singapore", None, "SG"), ("Sydney", None, "AU"),
    ("São Paulo", None, "BR"), ("Lagos", None, "NG"), ("Nairobi", None, "KE"), ("Kraków", None, "PL"),
    ("Potsdam", None, "DE"), ("Frankfurt", None, "DE"), ("Manchester", None, "GB"), ("Lyon", None, "FR"),
    ("Zurich", None, "CH"), ("Vienna", None, "AT"), ("Prague", None, "CZ"), ("Tallinn", None, "EE"),
    ("Pune", None, "IN"), ("Tokyo", None, "JP"), ("Boston", "MA", "US"), ("Denver", "CO", "US"),
    ("Leipzig", None, "DE"), ("Cologne", None, "DE"), ("Edinburgh", None, "GB"), ("Oslo", None, "NO"),
]  # fmt: skip
_SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ne",
    "tra",
    "vo",
    "zen",
    "qui",
    "bel",
    "dor",
    "fax",
    "gen",
    "hel",
    "ix",
    "jun",
    "kor",
    "lum",
    "nex",
    "or",
    "pix",
    "ryn",
    "sol",
    "tek",
    "ul",
    "vex",
]
_SUFFIXES = ("GmbH", "Inc", "Ltd", "Labs", "Systems", "AG", "Technologies", "Group", "SE", "")
BIG_COMPANIES = [
    "Google", "Amazon", "Microsoft", "SAP", "Zalando", "Siemens", "Deutsche Bank", "Meta", "Spotify",
    "Booking.com", "Delivery Hero", "N26", "Bosch", "Accenture", "IBM", "Oracle", "Infosys", "Shopify",
]  # fmt: skip
SCHOOLS = [
    "Technical University of Munich", "Humboldt University of Berlin", "University of Oxford",
    "Imperial College London", "ETH Zurich", "Stanford University", "MIT", "University of Warsaw",
    "Sorbonne University", "Delft University of Technology", "KTH Royal Institute of Technology",
    "Indian Institute of Technology Bombay", "University of Toronto", "University of Lagos",
]  # fmt: skip
FILE_ROWS = 100_000


def _zipf(items: list[Any], s: float = 1.0) -> tuple[list[Any], list[float]]:
    return items, list(itertools.accumulate(1 / (i + 1) ** s for i in range(len(items))))


def _companies(rnd: random.Random, n: int = 3_000) -> list[str]:
    names = list(BIG_COMPANIES)
    while len(names) < n:
        stem = "".join(rnd.choice(_SYLLABLES) for _ in range(rnd.randint(2, 3))).capitalize()
        names.append(f"{stem} {rnd.choice(_SUFFIXES)}".strip())
    return names


class Generator:
    """Deterministic profiles: ``resume(i)`` is the same for the same seed."""

    def __init__(self, seed: int = 4, today: date = date(2026, 11, 26)) -> None:
        self.rnd = random.Random(seed)
        self.today = today
        self.titles = _zipf(TITLES, 0.9)
        self.skills = _zipf(SKILLS, 0.8)
        self.cities = _zipf(CITIES, 0.9)
        self.companies = _zipf(_companies(self.rnd), 1.05)
        self.schools = _zipf(SCHOOLS + [f"University of {c[0]}" for c in CITIES], 0.8)

    def pick(self, dist: tuple[list[Any], list[float]], k: int = 1) -> list[Any]:
        return self.rnd.choices(dist[0], cum_weights=dist[1], k=k)

    def resume(self, i: int) -> dict[str, Any]:
        rnd = self.rnd
        first, last = rnd.choice(FIRST), rnd.choice(LAST)
        city, region, country = self.pick(self.cities)[0]
        career = rnd.randint(0, 30 * 365)
        jobs, start = [], self.today - timedelta(days=career)
        count = rnd.randint(1, 4)
        for n in range(count):
            end = (
                None
                if n == count - 1
                else start + timedelta(days=rnd.randint(200, max(201, career // count)))
            )
            job = {"name": self.pick(self.companies)[0], "position": self.pick(self.titles)[0]}
            job["startDate"] = start.isoformat()
            if end is not None and end < self.today:
                job["endDate"] = end.isoformat()
                start = end
            jobs.append(job)
        skills = dict.fromkeys(self.pick(self.skills, rnd.randint(3, 9)))
        basics = {
            "name": f"{first} {last}",
            "email": f"{first}.{last}.{i}@example{i % 89}.org".lower(),
            "label": jobs[-1]["position"],
            "location": {"city": city, "region": region, "countryCode": country},
        }
        education = [{"institution": s} for s in self.pick(self.schools, rnd.randint(0, 2))]
        return {
            "basics": basics,
            "work": list(reversed(jobs)),
            "education": education,
            "skills": [{"name": s} for s in skills],
        }


def write_files(folder: Path, rows: int, seed: int = 4) -> list[Path]:
    gen = Generator(seed)
    paths = []
    for first in range(0, rows, FILE_ROWS):
        path = folder / f"pool-{first // FILE_ROWS:03d}.json"
        with path.open("w", encoding="utf-8") as fh:
            json.dump([gen.resume(i) for i in range(first, min(rows, first + FILE_ROWS))], fh)
        paths.append(path)
    return paths


def build(db_path: Path, rows: int, workers: int = 2) -> None:
    """Import ``rows`` generated résumés into a new SQLite database at ``db_path``."""
    from talentscout.bootstrap import bootstrap
    from talentscout.domain.permissions import Actor, Role
    from talentscout.services import accounts, ingest
    from talentscout.settings import Settings

    work = db_path.parent / (db_path.stem + "-files")
    work.mkdir(parents=True, exist_ok=True)
    c = bootstrap(Settings(data_dir=work, database_url=f"sqlite:///{db_path}"), run_migrations=True)
    actor = Actor(user_id=None, workspace_id=accounts.create_workspace(c.db, name="Bench"), role=Role.ADMIN)
    t = time.perf_counter()
    for path in write_files(work, rows):
        report = ingest.run_import(
            c.db, actor=actor, path=path, format="jsonresume", source_name="bench pool", workers=workers
        )
        assert report.status == "done", report.error
        path.unlink()
        print(f"  imported {path.name}: {report.created:,} people, {time.perf_counter() - t:.0f} s so far")


def optimize(db_path: Path) -> None:
    """Merge the full-text index's segments into one (FTS5 ``optimize``), timed."""
    import sqlite3

    conn = sqlite3.connect(db_path)
    start = time.perf_counter()
    conn.execute("INSERT INTO people_fts(people_fts) VALUES ('optimize')")
    conn.commit()
    conn.close()
    print(f"FTS5 optimize: {time.perf_counter() - start:.0f} s")
