"""Fixtures shared by every test folder: a small hand-made corpus of near-misses, and real indexes on disk."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus.page import Name, Page

def near_miss_pages() -> list[Page]:
    """Fifteen pages whose names are close to each other on purpose: the engine must tell them apart."""
    def page(page_id, title, names=(), summary=""):
        return Page(page_id, title, tuple(Name(*n) if isinstance(n, tuple) else Name(n) for n in names),
                    summary or f"{title} is a condition described here for tests.")
    return [
        page("acute-lymphoblastic-leukemia", "Acute Lymphoblastic Leukemia",
             [("ALL", "acronym"), ("acute lymphoblastic leukaemia", "variant"), ("blood cancer", "lay"),
              ("leucémie aiguë lymphoblastique", "synonym", "fr"), ("akute lymphatische Leukämie", "synonym", "de")],
             "A fast-growing cancer of the lymphoblasts, immature white blood cells made in the bone marrow."),
        page("acute-myeloid-leukemia", "Acute Myeloid Leukemia",
             [("AML", "acronym"), ("acute myelogenous leukaemia", "variant")]),
        page("multiple-myeloma", "Multiple Myeloma", [("plasma cell myeloma", "synonym"), ("Kahler's disease", "synonym")],
             "A cancer of plasma cells in the bone marrow."),
        page("neuroblastoma", "Neuroblastoma", [("neuroblastome", "synonym", "fr")],
             "A childhood cancer of immature nerve cells, often starting in the adrenal glands."),
        page("nephroblastoma", "Wilms Tumor", [("nephroblastoma", "synonym"), ("Wilms' tumour", "variant")]),
        page("kaposi-sarcoma", "Kaposi Sarcoma", [("KS", "acronym"), ("Kaposi's sarcoma", "synonym")]),
        page("melanoma", "Melanoma", [("malignant melanoma", "synonym"), ("skin cancer", "lay"),
                                      ("Hautkrebs", "lay", "de")]),
        page("uveal-melanoma", "Uveal Melanoma", [("ocular melanoma", "synonym"), ("eye cancer", "related")]),
        page("esophageal-cancer", "Esophageal Cancer", [("oesophageal cancer", "variant"),
                                                        ("cancer of the gullet", "lay")]),
        page("waldenstrom", "Waldenström Macroglobulinemia", [("lymphoplasmacytic lymphoma", "synonym")]),
        page("non-hodgkin-lymphoma", "Non-Hodgkin Lymphoma", [("NHL", "acronym"), ("lymfeklierkanker", "lay", "nl")]),
        page("cholangiocarcinoma", "Cholangiocarcinoma", [("bile duct cancer", "synonym")]),
        page("endometrial-cancer", "Endometrial Cancer", [("womb cancer", "lay"), ("uterine cancer", "synonym")]),
        page("renal-cell-carcinoma", "Renal Cell Carcinoma", [("RCC", "acronym"), ("hypernephroma", "synonym")]),
        page("eye-disorder", "Retinal Disorder", [("eye cancer", "related")],
             "A made-up page whose only link to eye cancer is a related name."),
    ]


def write_jsonl(pages: list[Page], path: Path) -> Path:
    path.write_text("".join(json.dumps(p.to_dict(), ensure_ascii=False) + "\n" for p in pages), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def near_miss_corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("near-miss-corpus")
    write_jsonl(near_miss_pages(), folder / "pages.jsonl")
    (folder / "synonyms.txt").write_text("kidney, renal\nwomb => uterine\nlymph node cancer => lymphoma\n",
                                         encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def near_miss_index(tmp_path_factory, near_miss_corpus) -> Path:
    from indexer import ensure_index
    index_dir = tmp_path_factory.mktemp("near-miss-index")
    ensure_index(index_dir, corpus_paths=[near_miss_corpus])
    return index_dir


@pytest.fixture(scope="session")
def bundled_index(tmp_path_factory) -> Path:
    """The bundled corpus of 108 cancer pages, indexed once for the whole session."""
    from indexer import ensure_index
    index_dir = tmp_path_factory.mktemp("bundled-index")
    ensure_index(index_dir)
    return index_dir


@pytest.fixture
def pages_file(tmp_path) -> Path:
    """The near-miss pages as a JSONL file of its own, free to change in one test."""
    return write_jsonl(near_miss_pages(), tmp_path / "pages.jsonl")
