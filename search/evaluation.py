"""Relevance evaluation: query files, judgements and the figures `condsearch eval` and bench/ report.

A query file is a TSV with a header `query<TAB>expected<TAB>kind`. `expected` is a page id, several ids
joined with `|` (any of them is right), `group:NAME` (any page of that group of the corpus spec, itself a
TSV with `slug` and `group` columns), or `NONE` (the right answer is no result at all).

A broad query, one whose right answers are several pages ("skin cancer": melanoma, basal cell carcinoma,
...), is also answered right by an overview page that has every one of them among its narrower pages (at
any depth): the page for the group the visitor named. The engine's pages say which those are
(`narrower_of`); without it only the pages listed count.

The same functions judge every engine, so condsearch and its peers are measured identically.
"""
from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence

from corpus.hierarchy import Descendants

NO_RESULT = "NONE"
GROUP_PREFIX = "group:"
RECALL_DEPTH = 5
MRR_DEPTH = 10


class EvalFileError(ValueError):
    """A query or spec file that cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class EvalQuery:
    query: str
    expected: tuple[str, ...]  # page ids, `group:NAME` entries, or ("NONE",)
    kind: str
    line: int

    @property
    def wants_no_result(self) -> bool:
        return self.expected == (NO_RESULT,)


def read_queries(path: str | Path) -> list[EvalQuery]:
    path = Path(path)
    queries = []
    with path.open(encoding="utf-8", newline="") as handle:
        for line_number, line in enumerate(handle, start=1):
            line = line.rstrip("\r\n")
            if line_number == 1 and line.lower().startswith("query\t"):
                continue
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if len(cells) < 2 or not cells[0].strip() or not cells[1].strip():
                raise EvalFileError(f"{path}:{line_number}: expected `query<TAB>expected[<TAB>kind]`")
            kind = cells[2].strip() if len(cells) > 2 and cells[2].strip() else "all"
            expected = tuple(part.strip() for part in cells[1].split("|") if part.strip())
            queries.append(EvalQuery(cells[0], expected, kind, line_number))
    return queries


def read_groups(spec_path: str | Path) -> dict[str, frozenset[str]]:
    """Group name -> page ids, from a corpus spec TSV with `slug` and `group` columns."""
    spec_path = Path(spec_path)
    groups: dict[str, set[str]] = defaultdict(set)
    with spec_path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        if not reader.fieldnames or not {"slug", "group"} <= set(reader.fieldnames):
            raise EvalFileError(f"{spec_path}:1: the header must name the columns `slug` and `group`")
        for row in reader:
            groups[row["group"]].add(row["slug"])
    return {name: frozenset(ids) for name, ids in groups.items()}


def default_spec_for(queries_path: str | Path) -> Path | None:
    """The corpus spec that sits beside a query file's folder (`../corpus-spec/conditions.tsv`), if any."""
    candidate = Path(queries_path).resolve().parent.parent / "corpus-spec" / "conditions.tsv"
    return candidate if candidate.is_file() else None


def relevant_ids(query: EvalQuery, groups: dict[str, frozenset[str]]) -> frozenset[str]:
    ids: set[str] = set()
    for entry in query.expected:
        if entry.startswith(GROUP_PREFIX):
            name = entry[len(GROUP_PREFIX):]
            if name not in groups:
                raise EvalFileError(f"line {query.line}: unknown group {name!r} (is the corpus spec given?)")
            ids |= groups[name]
        elif entry != NO_RESULT:
            ids.add(entry)
    return frozenset(ids)


@dataclass
class Figures:
    """Top-1 accuracy, recall@5 and MRR@10 over a set of queries. A NONE query counts as right
    (top-1, recall and reciprocal rank 1) when the engine returned nothing, else as wrong."""

    count: int = 0
    top1: float = 0.0
    recall5: float = 0.0
    mrr10: float = 0.0

    def add(self, rank: int | None) -> None:
        self.count += 1
        if rank is not None:
            self.top1 += rank == 1
            self.recall5 += rank <= RECALL_DEPTH
            self.mrr10 += 1 / rank if rank <= MRR_DEPTH else 0.0

    def rates(self) -> dict:
        n = self.count or 1
        return {"queries": self.count, "top1": self.top1 / n, "recall@5": self.recall5 / n,
                "mrr@10": self.mrr10 / n}


@dataclass
class Miss:
    query: EvalQuery
    rank: int | None
    returned: tuple[str, ...]


@dataclass
class EvalReport:
    overall: Figures = field(default_factory=Figures)
    by_kind: dict[str, Figures] = field(default_factory=dict)
    misses: list[Miss] = field(default_factory=list)
    none_queries: int = 0
    none_answered_empty: int = 0

    def to_dict(self) -> dict:
        return {
            "overall": self.overall.rates(),
            "by_kind": {kind: figures.rates() for kind, figures in sorted(self.by_kind.items())},
            "none_empty_rate": self.none_answered_empty / self.none_queries if self.none_queries else None,
            "misses": [{"query": miss.query.query, "expected": "|".join(miss.query.expected),
                        "kind": miss.query.kind, "rank": miss.rank, "returned": list(miss.returned)}
                       for miss in self.misses],
        }


def judge(query: EvalQuery, returned: Sequence[str], groups: Mapping[str, frozenset[str]],
          members: Callable[[str], frozenset[str]] | None = None) -> int | None:
    """The 1-based rank of the first right answer in `returned`, or None when there is none. With
    `members` (page id -> every page below it), an overview page whose members include every right answer
    of a broad query is right too."""
    if query.wants_no_result:
        return 1 if not returned else None
    wanted = relevant_ids(query, groups)
    for position, page_id in enumerate(returned, start=1):
        if page_id in wanted or (members is not None and len(wanted) > 1 and wanted <= members(page_id)):
            return position
    return None


def evaluate(run: Callable[[str], Sequence[str]], queries: Iterable[EvalQuery],
             groups: dict[str, frozenset[str]] | None = None, *,
             narrower_of: Callable[[str], Iterable[str]] | None = None) -> EvalReport:
    """Runs every query through `run` (query text -> ranked page ids) and judges the answers; with
    `narrower_of` (page id -> its narrower page ids), a broad query's overview page counts as right."""
    groups = groups or {}
    members = Descendants(narrower_of) if narrower_of is not None else None
    report = EvalReport()
    for query in queries:
        returned = tuple(run(query.query))
        rank = judge(query, returned, groups, members)
        report.overall.add(rank)
        report.by_kind.setdefault(query.kind, Figures()).add(rank)
        if query.wants_no_result:
            report.none_queries += 1
            report.none_answered_empty += not returned
        if rank != 1:
            report.misses.append(Miss(query, rank, returned[:MRR_DEPTH]))
    return report
