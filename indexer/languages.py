"""The four languages the engine reads, and how each inflects and joins its words.

Facts, not code: the linking elements a German or Dutch compound puts between its parts ("Nieren|zell",
"Geschlecht|s|organ", "hersen|tumor") and the plural and case endings of a noun or an adjective, which
`indexer.inflection` takes off and `indexer.compounds` takes off a compound's last part. Sources: Duden,
Die Grammatik (the "Fugenelemente" s, es, n, en, e, er, ens, nen); the Algemene Nederlandse Spraakkunst
(tussenklanken s, e, en; plurals -en, -s, -n with a doubled consonant or a single vowel written as in
"gezwel/gezwellen", "carcinoom/carcinomen"); Grevisse, Le Bon usage (plurals -s, -x, -aux; feminine -e).
"""
from __future__ import annotations

from enum import StrEnum


class Lang(StrEnum):
    """A language by its ISO 639-1 code, as a page name's `lang` gives it (None there means English)."""

    EN = "en"
    FR = "fr"
    NL = "nl"
    DE = "de"

    @classmethod
    def of(cls, code: str | None) -> Lang | None:
        """The language of a page name's `lang` ("de" -> Lang.DE, None -> Lang.EN); None for another code."""
        if code is None:
            return cls.EN
        try:
            return cls(code.lower())
        except ValueError:
            return None


# Letters between the parts of a compound ("Nieren|zell|karzinom" = Niere + n + Zelle...).
LINKING_ELEMENTS: dict[Lang, tuple[str, ...]] = {
    Lang.DE: ("ens", "nen", "es", "en", "er", "s", "n", "e"),
    Lang.NL: ("en", "s", "e", "n"),
}

# Endings of a noun's plural or genitive, or of an adjective's agreement, shortest first: the smallest
# change that leaves a word the vocabulary knows wins ("Nieren" is "Niere" + n, not "Nier" + en), and an
# ending is taken off only then (see indexer.inflection.singular).
INFLECTION_ENDINGS: dict[Lang, tuple[str, ...]] = {
    Lang.DE: ("n", "e", "s", "en", "er", "es"),       # Nieren, Karzinome, Magens, Tumoren, Krebses
    Lang.NL: ("s", "n", "e", "en"),                    # kankers, ziekten, maligne, tumoren
    Lang.FR: ("s", "x", "e", "es"),                    # tumeurs, rénale, cutanées
    Lang.EN: (),                                       # English plurals are light_stem's (indexer.analysis)
}
