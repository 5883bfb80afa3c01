"""The in-process ceiling for the search benchmark: the same rows in a raw tantivy index.

Indexed: the free text and the field document of every person (``people.search_text`` folded by
``domain.query.words``, and ``people.search_fields``), whitespace-tokenised, with positions; the person
id as a fast field. A parsed query is translated node for node into tantivy queries (``Fts.leaf_phrases``
gives each leaf's phrases, as for SQLite and PostgreSQL); field phrases score 0, so ranking is BM25 over
the free words, as ours. Not checked by tantivy: the exact distance of ``near:`` (the grid cells only)
and ``source:`` (matches everyone) — both make the ceiling faster, never slower.
"""

from __future__ import annotations

import re
import sqlite3
import time
from datetime import date
from pathlib import Path
from typing import Any

import tantivy

from talentscout.db.search_fts import Fts, Phrase
from talentscout.domain.query import And, Near, Node, Not, Or, Term, leaves, parse, words

HEAP = 400_000_000


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("free", stored=False, tokenizer_name="whitespace", index_option="position")
    builder.add_text_field("fields", stored=False, tokenizer_name="whitespace", index_option="position")
    builder.add_unsigned_field("id", stored=True, fast=True, indexed=False)
    return builder.build()


def build(sqlite_path: Path, folder: Path) -> tantivy.Index:
    """Index every person of ``sqlite_path`` into ``folder`` (reused when it holds an index already)."""
    schema = _schema()
    if (folder / "meta.json").exists():
        return tantivy.Index(schema, path=str(folder), reuse=True)
    folder.mkdir(parents=True, exist_ok=True)
    index = tantivy.Index(schema, path=str(folder))
    writer = index.writer(heap_size=HEAP, num_threads=2)
    conn = sqlite3.connect(sqlite_path)
    start, n = time.perf_counter(), 0
    for pid, text, fields in conn.execute("SELECT id, search_text, search_fields FROM people"):
        doc = tantivy.Document(free=" ".join(words(text)), fields=fields)
        doc.add_unsigned("id", pid)
        writer.add_document(doc)
        n += 1
    writer.commit()
    writer.wait_merging_threads()
    conn.close()
    print(f"tantivy: indexed {n:,} people in {time.perf_counter() - start:.0f} s")
    return tantivy.Index(schema, path=str(folder), reuse=True)


class Ceiling:
    """Runs recruiter queries on the tantivy index: top ``limit`` ids and the exact count."""

    def __init__(self, index: tantivy.Index, today: date) -> None:
        index.reload()
        self.schema = _schema()
        self.searcher = index.searcher()
        self.fts = Fts(sqlite=True, today=today)

    def search(self, text: str, limit: int = 50) -> tuple[list[int], int]:
        tree = parse(text)
        query = self.node(tree)
        ranked = any(isinstance(leaf, Term) and not negated for leaf, negated in leaves(tree))
        if ranked:
            found = self.searcher.search(query, limit, count=True)
        else:
            found = self.searcher.search(query, limit, count=True, order_by_field="id")
        ids = [self.searcher.doc(address)["id"][0] for _, address in found.hits]
        return ids, found.count or 0

    def node(self, node: Node) -> Any:
        occur = tantivy.Occur
        if isinstance(node, And):
            must = [(occur.Must, self.node(c)) for c in node.children if not isinstance(c, Not)]
            must_not = [(occur.MustNot, self.node(c.child)) for c in node.children if isinstance(c, Not)]
            if not must:
                must = [(occur.Must, tantivy.Query.all_query())]
            return tantivy.Query.boolean_query(must + must_not)
        if isinstance(node, Or):
            return tantivy.Query.boolean_query([(occur.Should, self.node(c)) for c in node.children])
        if isinstance(node, Not):
            everyone = (occur.Must, tantivy.Query.all_query())
            return tantivy.Query.boolean_query([everyone, (occur.MustNot, self.node(node.child))])
        phrases = self.fts.near_phrases(node) if isinstance(node, Near) else self.fts.leaf_phrases(node)
        if phrases is None:  # source: — see the module docstring
            return tantivy.Query.all_query()
        if not phrases:
            return tantivy.Query.empty_query()
        options = [self.phrase(p) for p in phrases]
        if len(options) == 1:
            return options[0]
        return tantivy.Query.boolean_query([(occur.Should, q) for q in options])

    def phrase(self, phrase: Phrase) -> Any:
        terms, prefix, in_fields = phrase
        field = "fields" if in_fields else "free"
        if len(terms) == 1 and prefix:
            query = tantivy.Query.regex_query(self.schema, field, re.escape(terms[0]) + ".*")
        elif len(terms) == 1:
            query = tantivy.Query.term_query(self.schema, field, terms[0])
        elif prefix:
            query = tantivy.Query.phrase_prefix_query(self.schema, field, list(terms))
        else:
            query = tantivy.Query.phrase_query(self.schema, field, list(terms))
        return tantivy.Query.const_score_query(query, 0.0) if in_fields else query
