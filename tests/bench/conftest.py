"""A handful of hand-made pages with near-misses, shared by the bench tests."""
from __future__ import annotations

import pytest

from corpus.page import Name, Page, Section

PAGES = [
    Page("neuroblastoma", "Neuroblastoma", (Name("neuroblastic tumour", "variant"),),
         "A cancer of immature nerve cells in children.", (Section("Symptoms", "A lump in the belly."),)),
    Page("nephroblastoma", "Wilms Tumor", (Name("nephroblastoma"), Name("Wilms' tumour", "variant")),
         "A kidney cancer of children."),
    Page("glioblastoma", "Glioblastoma", (Name("GBM", "acronym"), Name("glioblastoma multiforme")),
         "The most common malignant brain tumour in adults."),
    Page("pheochromocytoma", "Pheochromocytoma", (Name("phaeochromocytoma", "variant"),),
         "A tumour of the adrenal medulla."),
    Page("mesothelioma", "Mesothelioma", (Name("malignant mesothelioma"),),
         "A cancer of the lining of the lungs, often after asbestos exposure."),
    Page("myeloma", "Multiple Myeloma", (Name("plasma cell myeloma"), Name("Kahler disease")),
         "A cancer of plasma cells in the bone marrow."),
    # an overview page: the bench's judge counts it right for a query wanting any two of its members
    Page("childhood-tumours", "Childhood Tumours", (Name("paediatric tumours"),), "Tumours of children.",
         narrower=("neuroblastoma", "nephroblastoma")),
]


@pytest.fixture
def pages():
    return list(PAGES)
