"""The database schema (SQLAlchemy Core), the same for SQLite and PostgreSQL.

One row of ``documents`` per distinct content (file bytes, keyed on sha256); ``locations`` says where that
content was seen (a path, or ``archive.zip!member``), and which location is current for its path.  Below a
document: its ``reports`` (a file may hold several), their ``paragraphs`` and ``facts``.  ``ingest_failures``
keeps every input that could not be stored.  ``meta`` holds the schema version.

The project registry (version 2): ``projects`` (one canonical project per region), ``project_aliases`` (every
name it was written as, folded for matching), ``fact_projects`` (which facts are about which project) and
``project_links_reviewed`` (pairs of names a person declared the same or different; kept forever, they
override the fuzzy matcher).  See ``corpus.linking``.

Duplicates (version 3): ``dedupe_items`` (one row per issue / agreed item / paragraph / report with its match
key), ``dedupe_pairs`` (verified pairs of keys: score, method, relation), ``dedupe_clusters`` (stable ids) and
``dedupe_members``.  Written by ``corpus.dedupe.store`` (see there).  Column names avoid SQL keywords (``end``,
``index``) so hand-written SQL needs no quoting on either database.

Invariant given by the per-document transaction: ``documents.n_reports`` / ``n_paragraphs`` / ``n_facts`` are
written in the same transaction as the rows they count, so a document whose counts do not match its rows
was never committed (see ``Corpus.incomplete_documents``).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Double,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)

# Bump when a table or column changes; a database with a higher version is refused (SchemaMismatch), a lower
# one is upgraded in place by ``Corpus`` through the Alembic revisions in corpus/migrations (corpus.migrate):
# a change here needs a revision there too (tests/test_corpus/test_migrations.py checks they agree).
# 1: documents, locations, reports, paragraphs, facts, ingest_failures
# 2: + projects, project_aliases, fact_projects, project_links_reviewed
# 3: + dedupe_items, dedupe_pairs, dedupe_clusters, dedupe_members
# 4: + paragraph_terms (full-text search; on SQLite with the FTS5 index paragraph_fts over it)
SCHEMA_VERSION = 4

metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sha256", String(64), nullable=False, unique=True),  # of the file's (or zip member's) bytes
    Column("format", String(16), nullable=False),  # txt | docx | html | pdf | doc | wps
    Column("encoding", String(32)),  # the encoding that decoded a text format
    Column("size", Integer, nullable=False),  # bytes
    Column("title", Text),  # a title the format itself carries (html <title>, docx properties)
    Column("script", String(16), nullable=False),  # simplified | traditional: what the raw text was
    Column("pinyin_removed", Integer, nullable=False, default=0),
    Column("mojibake_repaired", Integer, nullable=False, default=0),
    Column("mojibake_flagged", Integer, nullable=False, default=0),
    Column("boilerplate_removed", Integer, nullable=False, default=0),
    Column("notes", JSON, nullable=False),  # reader warnings, a list of str
    Column("raw_text", Text, nullable=False),  # as the reader returned it
    Column("norm_text", Text, nullable=False),  # normalised; reports are slices of it
    Column("offsets", LargeBinary, nullable=False),  # norm -> raw offset map, see corpus.store.pack_offsets
    Column("n_reports", Integer, nullable=False),  # the completeness invariant (module docstring)
    Column("n_paragraphs", Integer, nullable=False),
    Column("n_facts", Integer, nullable=False),
    Column("extractor", String(32), nullable=False),  # duban version that extracted it
    Column("first_seen", DateTime(timezone=True), nullable=False),
)

locations = Table(
    "locations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("path", Text, nullable=False),  # absolute path; zip members as archive.zip!member
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("current", Boolean, nullable=False),  # the path's content now (a changed file clears it)
    Column("superseded_by", Integer, ForeignKey("locations.id")),  # the location that replaced this one
    Column("first_seen", DateTime(timezone=True), nullable=False),
    Column("seen_at", DateTime(timezone=True), nullable=False),  # last ingest that saw it
    UniqueConstraint("path", "document_id", name="uq_locations_path_document"),
    Index("ix_locations_document", "document_id"),
)
# At most one current document per path (a partial unique index on both databases).
Index(
    "ix_locations_current_path",
    locations.c.path,
    unique=True,
    sqlite_where=locations.c.current,
    postgresql_where=locations.c.current,
)

reports = Table(
    "reports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),  # Report.index: order within the file
    Column("title", Text),
    Column("date_text", Text),  # as written: "2023-01-16", "201*年5月17日"
    Column("date", String(10)),  # ISO when complete, else NULL (masked years are never guessed)
    Column("issuer", Text),
    Column("kind", String(32), nullable=False),  # ReportKind value
    Column("period_text", Text),
    Column("period_start", String(10)),
    Column("period_end", String(10)),
    Column("text", Text, nullable=False),  # normalised text of the report
    Column("start_char", Integer, nullable=False),  # offset of text in documents.norm_text
    Column("chars", Integer, nullable=False),
    Column("content_sha256", String(64), nullable=False),  # of text: identifies a report across files
    Column("duplicate_of_report_id", Integer, ForeignKey("reports.id")),  # an earlier report, same file, same text
    UniqueConstraint("document_id", "position", name="uq_reports_document_position"),
    Index("ix_reports_content_sha256", "content_sha256"),
)

paragraphs = Table(
    "paragraphs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("report_id", Integer, ForeignKey("reports.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),  # Paragraph.index
    Column("start_char", Integer, nullable=False),  # offsets in reports.text
    Column("end_char", Integer, nullable=False),
    Column("level", SmallInteger, nullable=False),  # 0 body, 1 一、 2 （一） 3 1. 4 （1）
    Column("heading", Boolean, nullable=False),
    Column("text", Text, nullable=False),
    Column("sentences", JSON, nullable=False),  # [[start, end], ...] in reports.text
    UniqueConstraint("report_id", "position", name="uq_paragraphs_report_position"),
)

facts = Table(
    "facts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("report_id", Integer, ForeignKey("reports.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),  # order within the report (pipeline order)
    Column("kind", String(16), nullable=False),  # FactKind value
    Column("text", Text, nullable=False),  # exactly as in the report
    Column("paragraph", Integer, nullable=False),  # paragraphs.position within the report
    Column("start_char", Integer, nullable=False),  # span in reports.text
    Column("end_char", Integer, nullable=False),
    Column("raw_start", Integer, nullable=False),  # the same span in documents.raw_text (as written)
    Column("raw_end", Integer, nullable=False),
    Column("attrs", JSON, nullable=False),  # what the recogniser parsed (extract.model.Fact.attrs)
    Column("value", Double),  # FIGURE: the value, or the low end of a range; NULL when unparsed
    Column("value_hi", Double),  # FIGURE: the high end of a range
    Column("unit", Text),  # FIGURE: 元, %, 个 ...; never invented
    UniqueConstraint("report_id", "position", name="uq_facts_report_position"),
    Index("ix_facts_kind", "kind"),
)

ingest_failures = Table(
    "ingest_failures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("path", Text, nullable=False),
    Column("sha256", String(64)),  # when the bytes could be hashed
    Column("stage", String(16), nullable=False),  # read | normalize | store | internal ...
    Column("code", String(8), nullable=False),  # E101 ...
    Column("message", Text, nullable=False),  # the complete coded message
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_ingest_failures_path", "path"),
)


# ---------------------------------------------------------------- project registry (version 2)

projects = Table(
    "projects",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),  # canonical name: the first name seen, as the recogniser gave it
    Column("name_key", Text, nullable=False),  # the name folded (corpus.linking.fold_name)
    Column("region", Text, nullable=False),  # issuer's place ("云溪县"); "" when unknown (exact links only)
    Column("first_seen", String(10)),  # ISO date of the earliest dated report that mentions it
    Column("last_seen", String(10)),  # ... the latest
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_projects_region_key", "region", "name_key"),
)

project_aliases = Table(
    "project_aliases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("project_id", Integer, ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("alias", Text, nullable=False),  # as written in a report
    Column("alias_key", Text, nullable=False),  # folded: what matching compares
    Column("source", String(16), nullable=False),  # exact | fuzzy | reviewed: how it joined the project
    Column("score", Double),  # fuzzy: the similarity in [0, 1] that linked it
    UniqueConstraint("project_id", "alias", name="uq_project_aliases_project_alias"),
    Index("ix_project_aliases_key", "alias_key"),
)

fact_projects = Table(
    "fact_projects",
    metadata,
    Column("fact_id", Integer, ForeignKey("facts.id", ondelete="CASCADE"), primary_key=True),
    Column("project_id", Integer, ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    Column("name", Text, nullable=False),  # the project name the fact carried (attrs name / project)
    Index("ix_fact_projects_project", "project_id"),
)

project_links_reviewed = Table(
    "project_links_reviewed",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key_a", Text, nullable=False),  # folded names, key_a < key_b
    Column("key_b", Text, nullable=False),
    Column("alias_a", Text, nullable=False),  # as the reviewer wrote them
    Column("alias_b", Text, nullable=False),
    Column("decision", String(16), nullable=False),  # same | different
    Column("reviewer", Text, nullable=False),
    Column("decided_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("key_a", "key_b", name="uq_project_links_reviewed_pair"),
)


# ---------------------------------------------------------------- duplicates (version 3)

dedupe_items = Table(
    "dedupe_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("level", String(16), nullable=False),  # issue | item | paragraph | report
    Column("ref_id", Integer, nullable=False),  # facts.id (issue, item), paragraphs.id, reports.id
    Column("report_id", Integer, ForeignKey("reports.id", ondelete="CASCADE"), nullable=False),
    Column("key", Text, nullable=False),  # corpus.dedupe.keys.match_key of the text
    Column("key_hash", String(40), nullable=False),  # sha1 of key: exact copies share it
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("level", "ref_id", name="uq_dedupe_items_level_ref"),
    Index("ix_dedupe_items_level_hash", "level", "key_hash"),
)

dedupe_pairs = Table(
    "dedupe_pairs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("level", String(16), nullable=False),
    Column("a_hash", String(40), nullable=False),  # text levels: a < b; report level: a is contained in b
    Column("b_hash", String(40), nullable=False),
    Column("score", Double, nullable=False),  # in [0, 1]: blend score, or containment of a in b
    Column("method", String(32), nullable=False),  # candidate source + verification, e.g. bigram+blend
    Column("relation", String(32), nullable=False),  # corpus.dedupe.relations.Relation value
    Column("computed_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("level", "a_hash", "b_hash", name="uq_dedupe_pairs_level_pair"),
    Index("ix_dedupe_pairs_level_b", "level", "b_hash"),
)

dedupe_clusters = Table(
    "dedupe_clusters",
    metadata,
    Column("level", String(16), primary_key=True),
    Column("cluster_id", String(40), primary_key=True),  # stable: sha1 of the smallest member key (16 hex)
    Column("relation", String(32), nullable=False),  # Relation value naming the group
    Column("representative", Text, nullable=False),  # text of the member most linked to the others
    Column("first_seen", String(10)),  # ISO date / period start of the earliest member report
    Column("last_seen", String(10)),
    Column("count", Integer, nullable=False),  # members (items)
    Column("score", Double, nullable=False),  # weakest verified pair inside (1.0: exact copies only)
    Column("still_open", Boolean),  # issue level: the latest member's status is not resolved; else NULL
    Column("computed_at", DateTime(timezone=True), nullable=False),
)

dedupe_members = Table(
    "dedupe_members",
    metadata,
    Column("level", String(16), primary_key=True),
    Column("cluster_id", String(40), primary_key=True),
    # text levels: an item is in one cluster; report level: also in a contains / template_reuse group
    Column("item_id", Integer, ForeignKey("dedupe_items.id", ondelete="CASCADE"), primary_key=True),
    Column("role", String(16), nullable=False),  # member | container | contained | template
    Index("ix_dedupe_members_item", "level", "item_id"),
)


# ---------------------------------------------------------------- full-text search (version 4)

paragraph_terms = Table(
    "paragraph_terms",
    metadata,
    # one row per paragraph: its words (jieba's search mode: words and the shorter words inside them),
    # separated by spaces.  SQLite indexes them with FTS5 (the virtual table paragraph_fts, kept in step by
    # triggers); PostgreSQL with a GIN index over string_to_array(terms, ' ') (no text-search parser, so the
    # database's locale does not matter).  Both are made by revision 0004, outside this metadata.
    Column("paragraph_id", Integer, ForeignKey("paragraphs.id", ondelete="CASCADE"), primary_key=True),
    Column("terms", Text, nullable=False),
)
