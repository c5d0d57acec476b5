"""Page ids made from titles: lowercase ASCII words joined by hyphens.

>>> slugify("Waldenström Macroglobulinemia")
'waldenstrom-macroglobulinemia'
>>> slugify("Adult T-cell Leukemia/Lymphoma")
'adult-t-cell-leukemia-lymphoma'
"""
from __future__ import annotations

import re
import unicodedata

_NON_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")


def slugify(title: str) -> str:
    """The slug of a title: accents dropped, lowercase, every run of other characters one hyphen."""
    decomposed = unicodedata.normalize("NFKD", title)
    ascii_only = "".join(char for char in decomposed if not unicodedata.combining(char))
    # Letters with no decomposition (ß, æ, ø) would otherwise vanish from the slug.
    ascii_only = ascii_only.replace("ß", "ss").replace("æ", "ae").replace("Æ", "ae").replace(
        "ø", "o").replace("Ø", "o").replace("œ", "oe").replace("Œ", "oe")
    return _NON_ALPHANUMERIC.sub("-", ascii_only.lower()).strip("-")
