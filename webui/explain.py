"""Why a page matched, in the interface language: the hit's reasons worded from search/wording.py's table,
the same table the CLI and the JSON API use."""
from __future__ import annotations

from search.results import Hit
from search.wording import explanation


def explain(hit: Hit, ui_language: str) -> str:
    """The plain-words explanation of `hit` for a visitor reading `ui_language`. Plain text: the template escapes it."""
    if not hit.reasons:
        return hit.explanation
    return explanation(hit.reasons, hit.title, ui_language)
