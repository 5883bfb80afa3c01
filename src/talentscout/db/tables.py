"""The relational schema (SQLAlchemy Core). Alembic migrations are checked against it in the tests.

Every row that belongs to a team carries ``workspace_id``; repositories filter on it in every query.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)

# BigInteger on PostgreSQL, INTEGER (rowid alias, autoincrementing) on SQLite.
Id = BigInteger().with_variant(Integer(), "sqlite")


def _id() -> Column[int]:
    return Column("id", Id, primary_key=True, autoincrement=True)


def _ws() -> Column[int]:
    return Column("workspace_id", Id, ForeignKey("workspaces.id", ondelete="CASCADE"), nullable=False)


def _person() -> Column[int]:
    return Column("person_id", Id, ForeignKey("people.id", ondelete="CASCADE"), nullable=False)


def _source_record() -> Column[int | None]:
    return Column("source_record_id", Id, ForeignKey("source_records.id", ondelete="CASCADE"), nullable=True)


def _created() -> Column[object]:
    return Column("created_at", DateTime(timezone=True), nullable=False)


workspaces = Table(
    "workspaces",
    metadata,
    _id(),
    Column("name", String(200), nullable=False),
    Column("slug", String(100), nullable=False, unique=True),
    _created(),
)

users = Table(
    "users",
    metadata,
    _id(),
    _ws(),
    Column("email", String(320), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("role", String(20), nullable=False),
    Column("password_hash", String(200), nullable=False),
    Column("is_active", Boolean, nullable=False, default=True),
    _created(),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    _id(),
    _ws(),
    Column("user_id", Id, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(100), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("prefix", String(12), nullable=False),
    _created(),
    Column("last_used_at", DateTime(timezone=True)),
)

sources = Table(
    "sources",
    metadata,
    _id(),
    _ws(),
    Column("name", String(200), nullable=False),
    Column("format", String(30), nullable=False),
    Column("channel", String(30), nullable=False),
    Column("mapping", JSON, nullable=False, default=dict),
    Column("id_column", String(200)),
    _created(),
    UniqueConstraint("workspace_id", "name"),
)

imports = Table(
    "imports",
    metadata,
    _id(),
    _ws(),
    Column("source_id", Id, ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
    Column("user_id", Id, ForeignKey("users.id", ondelete="SET NULL")),
    Column("filename", String(500), nullable=False),
    Column("status", String(20), nullable=False),
    Column("rows_read", Integer, nullable=False, default=0),
    Column("created", Integer, nullable=False, default=0),
    Column("updated", Integer, nullable=False, default=0),
    Column("unchanged", Integer, nullable=False, default=0),
    Column("rejected", Integer, nullable=False, default=0),
    Column("warnings", Integer, nullable=False, default=0),
    Column("error", Text),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
)

import_issues = Table(
    "import_issues",
    metadata,
    _id(),
    _ws(),
    Column("import_id", Id, ForeignKey("imports.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("row", Integer),
    Column("external_id", String(500)),
    Column("field", String(100), nullable=False),
    Column("reason", Text, nullable=False),
    Column("value", Text),
    Column("fatal", Boolean, nullable=False),
)

people = Table(
    "people",
    metadata,
    _id(),
    _ws(),
    Column("display_name", String(500), nullable=False),
    Column("given_name", String(300)),
    Column("family_name", String(300)),
    Column("name_normalised", String(500), nullable=False),
    Column("headline", Text),
    Column("current_title", String(500)),
    Column("current_title_canonical", String(300)),
    Column("current_employer", String(500)),
    Column("location_text", String(500)),
    Column("city", String(200)),
    Column("region", String(200)),
    Column("country", String(2)),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("timezone", String(64)),
    Column("summary", Text),
    Column("silver_medalist", Boolean, nullable=False, default=False),
    Column("search_text", Text, nullable=False, default=""),
    Column("search_fields", Text, nullable=False, default="", server_default=""),
    _created(),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_people_workspace_name", "workspace_id", "name_normalised"),
)

source_records = Table(
    "source_records",
    metadata,
    _id(),
    _ws(),
    Column("source_id", Id, ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
    Column("external_id", String(500), nullable=False),
    Column("person_id", Id, ForeignKey("people.id", ondelete="SET NULL"), index=True),
    Column("channel", String(30), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("payload_hash", String(64), nullable=False),
    Column("first_import_id", Id, ForeignKey("imports.id", ondelete="SET NULL")),
    Column("last_import_id", Id, ForeignKey("imports.id", ondelete="SET NULL")),
    _created(),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("source_id", "external_id"),
)

field_provenance = Table(
    "field_provenance",
    metadata,
    _id(),
    _ws(),
    _person(),
    _source_record(),
    Column("editor_id", Id, ForeignKey("users.id", ondelete="SET NULL")),
    Column("fields", JSON, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Index("ix_field_provenance_person", "person_id"),
    Index("ix_field_provenance_source_record", "source_record_id"),
)
"""One row per (person, source record) — or per manual edit, with ``editor_id`` and no source record —
holding the scalar field values that source supplied and when. The person's columns are the survivors."""

contact_points = Table(
    "contact_points",
    metadata,
    _id(),
    _ws(),
    _person(),
    _source_record(),
    Column("kind", String(20), nullable=False),
    Column("value", String(1000), nullable=False),
    Column("raw", String(1000), nullable=False),
    Column("label", String(20), nullable=False),
    Column("valid", Boolean, nullable=False),
    Column("problem", Text),
    _created(),
    Index("ix_contact_points_lookup", "workspace_id", "kind", "value"),
    Index("ix_contact_points_person", "person_id"),
    Index("ix_contact_points_source_record", "source_record_id"),
)

experiences = Table(
    "experiences",
    metadata,
    _id(),
    _ws(),
    _person(),
    _source_record(),
    Column("employer", String(500)),
    Column("title", String(500)),
    Column("title_canonical", String(300)),
    Column("start_date", Date),
    Column("end_date", Date),
    Column("is_current", Boolean, nullable=False, default=False),
    Column("location", String(500)),
    Column("description", Text),
    Index("ix_experiences_person", "person_id"),
    Index("ix_experiences_source_record", "source_record_id"),
)

educations = Table(
    "educations",
    metadata,
    _id(),
    _ws(),
    _person(),
    _source_record(),
    Column("school", String(500)),
    Column("degree", String(300)),
    Column("field_of_study", String(300)),
    Column("start_date", Date),
    Column("end_date", Date),
    Index("ix_educations_person", "person_id"),
    Index("ix_educations_source_record", "source_record_id"),
)

person_skills = Table(
    "person_skills",
    metadata,
    _id(),
    _ws(),
    _person(),
    _source_record(),
    Column("name", String(300), nullable=False),
    Column("canonical_id", String(200)),
    Column("canonical_label", String(300)),
    Index("ix_person_skills_person", "person_id"),
    Index("ix_person_skills_source_record", "source_record_id"),
    Index("ix_person_skills_canonical", "workspace_id", "canonical_id"),
)

person_languages = Table(
    "person_languages",
    metadata,
    _id(),
    _ws(),
    _person(),
    _source_record(),
    Column("name", String(100), nullable=False),
    Index("ix_person_languages_person", "person_id"),
)

applications = Table(
    "applications",
    metadata,
    _id(),
    _ws(),
    _person(),
    _source_record(),
    Column("role", String(500)),
    Column("stage_reached", String(200)),
    Column("status", String(100)),
    Column("rejection_reason", Text),
    Column("applied_at", Date),
    Column("late_stage", Boolean, nullable=False, default=False),
    Index("ix_applications_person", "person_id"),
)

tags = Table(
    "tags",
    metadata,
    _id(),
    _ws(),
    _person(),
    _source_record(),
    Column("tag", String(100), nullable=False),
    Index("ix_tags_lookup", "workspace_id", "tag"),
    Index("ix_tags_person", "person_id"),
)

notes = Table(
    "notes",
    metadata,
    _id(),
    _ws(),
    _person(),
    _source_record(),
    Column("author_id", Id, ForeignKey("users.id", ondelete="SET NULL")),
    Column("body", Text, nullable=False),
    _created(),
    Index("ix_notes_person", "person_id"),
)

activities = Table(
    "activities",
    metadata,
    _id(),
    _ws(),
    _person(),
    Column("kind", String(40), nullable=False),
    Column("summary", Text, nullable=False),
    Column("actor_id", Id, ForeignKey("users.id", ondelete="SET NULL")),
    Column("data", JSON),
    _created(),
    Index("ix_activities_person", "person_id", "created_at"),
)

roles = Table(
    "roles",
    metadata,
    _id(),
    _ws(),
    Column("title", String(300), nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("location", String(300)),
    Column("status", String(20), nullable=False, default="open"),
    Column("hiring_manager_id", Id, ForeignKey("users.id", ondelete="SET NULL")),
    Column("recruiter_id", Id, ForeignKey("users.id", ondelete="SET NULL")),
    _created(),
    # find (migration 0003): what the role asks for; canonical skill labels, places with a radius.
    Column("must_skills", JSON, nullable=False, default=list, server_default="[]"),
    Column("nice_skills", JSON, nullable=False, default=list, server_default="[]"),
    Column("seniority", String(40)),
    Column("min_years", Integer),
    Column("max_years", Integer),
    Column("locations", JSON, nullable=False, default=list, server_default="[]"),
    Column("remote_policy", String(20), nullable=False, default="onsite", server_default="onsite"),
    Column("comp_min", Integer),
    Column("comp_max", Integer),
    Column("comp_currency", String(3)),
    Column("updated_at", DateTime(timezone=True)),
    Index("ix_roles_workspace", "workspace_id", "status"),
)

jobs = Table(
    "jobs",
    metadata,
    _id(),
    Column("workspace_id", Id, ForeignKey("workspaces.id", ondelete="CASCADE")),
    Column("kind", String(60), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("status", String(20), nullable=False),
    Column("run_at", DateTime(timezone=True), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("locked_by", String(100)),
    Column("locked_at", DateTime(timezone=True)),
    Column("last_error", Text),
    _created(),
    Index("ix_jobs_due", "status", "run_at"),
)

# Every column that references a person or a source record leads an index: merges, unmerges and
# erasure look rows up by it, and the database checks it on every delete of the row it references.
Index("ix_applications_source_record_id", applications.c.source_record_id)
Index("ix_notes_source_record_id", notes.c.source_record_id)
Index("ix_tags_source_record_id", tags.c.source_record_id)
Index("ix_person_languages_source_record_id", person_languages.c.source_record_id)

# Each area's tables live in their own module and register on ``metadata`` when imported.
from talentscout.db import (  # noqa: E402, F401
    tables_engage,
    tables_find,
    tables_identity,
    tables_inbound,
    tables_ranking,
    tables_respect,
)
