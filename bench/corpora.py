"""The corpora the benchmark runs on, and the seeded 10x synthetic corpus for the growth curve.

- `bundled`: the 108 pages shipped in corpus/pages, judged with the dev query file.
- `do-subtree`: the Disease Ontology 2016 release cut to the cancer subtree (`--obo-root DOID:162`).
- `do-union`: the union of the three 2026 Disease Ontology files.
- `synthetic-10x`: the union ten times over (growth curve only). Copy 0 is the union as it is; copy k
  (1..9) passes every page (id, title, names, summary, sections) through a letter cipher drawn from
  `random.Random(SYNTHETIC_SEED + k)`: a permutation of the consonants among themselves and the vowels
  among themselves, case kept, other characters untouched. Word lengths, word frequencies, name counts
  and text lengths are those of the union, but each copy has a vocabulary of its own, so the term
  dictionary grows tenfold as it would with ten times as many real pages. The union's query file is used
  unchanged: its answers live in copy 0 and the nine other copies are distractors.

Every engine gets the same pages: the harness loads each corpus once with `corpus.load_corpus`, writes it
as JSONL (the public page format) and peers read that; condsearch itself indexes the native source (the
bundled pages, or the OBO files with their root) as an operator would, and the harness checks both hold
the same page ids.
"""
from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

SHARED_DEFAULT = Path("..") / "shared"  # relative to the repository, as the house rules say
DO_SUBTREE_FILE = "doid-2016-04-29.obo"
DO_SUBTREE_ROOT = "DOID:162"
DO_UNION_FILES = ("DO_NCIthesaurus_subset-2026-07-31.obo", "DO_cancer_slim-2026-07-31.obo",
                  "DO_rare_slim-2026-07-31.obo")
SYNTHETIC_FACTOR = 10
SYNTHETIC_SEED = 1010
CORPUS_NAMES = ("bundled", "do-subtree", "do-union", "synthetic-10x")


class CorpusUnavailable(RuntimeError):
    """A corpus whose source files are missing; the message names the files and the remedy."""


@dataclass(frozen=True)
class CorpusSpec:
    name: str
    description: str
    source_paths: tuple[Path, ...] | None = None  # None: the bundled pages
    obo_root: str | None = None
    derived_from: str | None = None  # synthetic corpora are made from another corpus
    growth_only: bool = False


@dataclass
class PreparedCorpus:
    """A corpus written out for the workers: `pages_jsonl` holds the pages every peer indexes."""

    name: str
    pages_jsonl: Path
    page_count: int
    name_count: int
    load_seconds: float
    source_paths: tuple[Path, ...] | None
    obo_root: str | None
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"name": self.name, "pages_jsonl": str(self.pages_jsonl), "page_count": self.page_count,
                "name_count": self.name_count, "load_seconds": self.load_seconds,
                "source_paths": [str(p) for p in self.source_paths] if self.source_paths else None,
                "obo_root": self.obo_root, "errors": self.errors[:20]}

    @classmethod
    def from_dict(cls, data: dict) -> "PreparedCorpus":
        paths = data.get("source_paths")
        return cls(data["name"], Path(data["pages_jsonl"]), data["page_count"], data["name_count"],
                   data["load_seconds"], tuple(Path(p) for p in paths) if paths else None,
                   data.get("obo_root"), data.get("errors", []))


def corpus_specs(shared_dir: Path) -> dict[str, CorpusSpec]:
    data = Path(shared_dir) / "data"
    return {
        "bundled": CorpusSpec("bundled", "the bundled pages (108 conditions, 12 group overviews)"),
        "do-subtree": CorpusSpec("do-subtree", f"{DO_SUBTREE_FILE}, cancer subtree under {DO_SUBTREE_ROOT}",
                                 (data / DO_SUBTREE_FILE,), DO_SUBTREE_ROOT),
        "do-union": CorpusSpec("do-union", "union of the three 2026 DO files",
                               tuple(data / name for name in DO_UNION_FILES)),
        "synthetic-10x": CorpusSpec("synthetic-10x", f"do-union x{SYNTHETIC_FACTOR}, seeded letter cipher "
                                    f"(seed {SYNTHETIC_SEED}+k)", derived_from="do-union", growth_only=True),
    }


def check_available(spec: CorpusSpec, specs: dict[str, CorpusSpec]) -> None:
    """Raises CorpusUnavailable naming the missing files when a corpus cannot be made."""
    if spec.derived_from:
        check_available(specs[spec.derived_from], specs)
        return
    missing = [str(path) for path in spec.source_paths or () if not path.is_file()]
    if missing:
        raise CorpusUnavailable(
            f"corpus {spec.name!r} needs {', '.join(missing)}; the Disease Ontology files live in "
            f"shared/data beside the repository (pass --shared DIR if they are elsewhere)")


def load_pages(spec: CorpusSpec):
    """The pages of a non-synthetic corpus, as condsearch's own loader reads them, and its errors."""
    from corpus import load_corpus

    paths = [str(path) for path in spec.source_paths] if spec.source_paths else None
    loaded = load_corpus(paths, obo_root=spec.obo_root)
    return list(loaded.pages), [str(error) for error in loaded.errors]


def prepare(spec: CorpusSpec, specs: dict[str, CorpusSpec], workdir: Path,
            prepared: dict[str, PreparedCorpus]) -> PreparedCorpus:
    """Loads (or synthesises) `spec` once and writes its pages as JSONL under `workdir`."""
    check_available(spec, specs)
    workdir.mkdir(parents=True, exist_ok=True)
    target = workdir / f"{spec.name}.jsonl"
    started = time.perf_counter()
    if spec.derived_from:
        base = prepared.get(spec.derived_from) or prepare(specs[spec.derived_from], specs, workdir, prepared)
        pages = synthesize(read_pages_jsonl(base.pages_jsonl), factor=SYNTHETIC_FACTOR, seed=SYNTHETIC_SEED)
        errors: list[str] = []
    else:
        pages, errors = load_pages(spec)
    load_seconds = time.perf_counter() - started
    write_pages_jsonl(pages, target)
    source = (target,) if spec.derived_from else spec.source_paths
    result = PreparedCorpus(spec.name, target, len(pages), sum(1 + len(p.names) for p in pages),
                            load_seconds, source, spec.obo_root, errors)
    prepared[spec.name] = result
    return result


def write_pages_jsonl(pages, path: Path) -> None:
    with Path(path).open("w", encoding="utf-8") as handle:
        for page in pages:
            record = page.to_dict()
            record["source"] = None  # the JSONL is the pages' source now; the original lines do not apply
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def read_pages_jsonl(path: Path):
    """Pages from a JSONL file this module wrote (no validation: the corpus reader checked them)."""
    from corpus.page import Name, Page, Section

    pages = []
    with Path(path).open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            pages.append(Page(
                id=record["id"], title=record["title"],
                names=tuple(Name(n["text"], n.get("kind") or "synonym", n.get("lang")) for n in record["names"]),
                summary=record.get("summary") or "",
                sections=tuple(Section(s["heading"], s["text"]) for s in record.get("sections") or ()),
                url=record.get("url"), broader=tuple(record.get("broader") or ()),
                narrower=tuple(record.get("narrower") or ()), xrefs=tuple(record.get("xrefs") or ())))
    return pages


def page_body(page) -> str:
    """Summary and section texts: what every peer indexes as the page's body."""
    parts = [page.summary] if page.summary else []
    for section in page.sections:
        parts.extend(part for part in (section.heading, section.text) if part)
    return "\n".join(parts)


def letter_cipher(seed: int):
    """A case-keeping letter map that permutes consonants among consonants and vowels among vowels."""
    rng = random.Random(seed)
    consonants, vowels = list("bcdfghjklmnpqrstvwxyz"), list("aeiou")
    shuffled_consonants, shuffled_vowels = consonants[:], vowels[:]
    rng.shuffle(shuffled_consonants)
    rng.shuffle(shuffled_vowels)
    mapping = dict(zip(consonants + vowels, shuffled_consonants + shuffled_vowels))
    mapping.update({k.upper(): v.upper() for k, v in list(mapping.items())})
    return str.maketrans(mapping)


def synthesize(pages, *, factor: int = SYNTHETIC_FACTOR, seed: int = SYNTHETIC_SEED):
    """`pages` followed by `factor - 1` ciphered copies (ids suffixed `~k`); see the module docstring."""
    result = list(pages)
    for copy in range(1, factor):
        table = letter_cipher(seed + copy)
        for page in pages:
            result.append(replace(
                page,
                id=f"{page.id}~{copy}",
                title=page.title.translate(table),
                names=tuple(replace(name, text=name.text.translate(table)) for name in page.names),
                summary=page.summary.translate(table),
                sections=tuple(replace(s, heading=s.heading.translate(table), text=s.text.translate(table))
                               for s in page.sections),
                broader=tuple(f"{other}~{copy}" for other in page.broader),  # each copy is a tree of its own
                narrower=tuple(f"{other}~{copy}" for other in page.narrower),
                url=None))
    return result
