"""Candidate words for a query word: corrections of typos, sound-alikes and completions of a prefix.

Candidates come from the index's own vocabulary (the folded words of every page name). Typo candidates
are found the SymSpell way: every vocabulary word is indexed under the deletions of its first letters,
so a query word's candidates are a few dictionary look-ups, not a scan of the vocabulary; each is then
checked and scored with rapidfuzz (optimal string alignment: a transposition is one edit).
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from itertools import combinations
from string import ascii_lowercase

from rapidfuzz.distance import OSA, Indel

from indexer.analysis import sound_key, spelled_by_sound
from search import limits
from search.kinds import UnitKind


@dataclass(frozen=True, slots=True)
class Candidate:
    """A vocabulary word standing for a query word, with how it was found and what it costs."""

    word: str
    kind: UnitKind  # typo, phonetic or prefix
    edits: int
    cost: float


def allowed_edits(length: int) -> int:
    """Typos tolerated in a word of this length (see limits)."""
    if length >= limits.TWO_TYPOS_MIN_LENGTH:
        return 2
    return 1 if length >= limits.ONE_TYPO_MIN_LENGTH else 0


def deletions(text: str, most: int) -> set[str]:
    """`text` with up to `most` letters removed: deletions("abc", 1) == {"abc", "bc", "ac", "ab"}."""
    variants = {text}
    ones = [text[:i] + text[i + 1:] for i in range(len(text))] if most >= 1 and len(text) > 1 else []
    variants.update(ones)
    if most >= 2 and len(text) > 2:
        # two letters removed: the second from what the first left, after it (sliced, not joined letter
        # by letter: candidate generation runs for every unknown word of every query)
        variants.update(one[:j] + one[j + 1:] for i, one in enumerate(ones) for j in range(i, len(one)))
    for count in range(3, min(most, len(text) - 1) + 1):
        for removed in combinations(range(len(text)), count):
            variants.add("".join(char for i, char in enumerate(text) if i not in removed))
    return variants


def edit_cost(query_word: str, word: str, edits: int) -> float:
    """Edits, plus a surcharge for a changed first letter; but a misspelling that only writes a sound
    with other letters (ph as f, c as k) costs no more than SOUND_SPELLING_COST plus the edits left."""
    first_letter_changed = query_word[:1] != word[:1]
    cost = edits + (limits.FIRST_LETTER_EXTRA_COST if first_letter_changed else 0.0)
    by_sound = OSA.distance(spelled_by_sound(query_word), spelled_by_sound(word))
    return min(cost, limits.SOUND_SPELLING_COST + by_sound) if by_sound < edits else cost


class Vocabulary:
    """The words of the index, with the look-up structures candidate generation needs."""

    def __init__(self, frequencies: dict[str, int]):
        """`frequencies`: each word and how many names hold it. Among equally close candidates the more
        frequent word is the likelier one meant (as in Norvig's corrector)."""
        self.frequency = frequencies
        self.words: list[str] = sorted(word for word in frequencies if word)
        # A quarter of a million keys at ontology scale, most of them leading to one word: such a key holds
        # the word's number itself, not a list of one.
        self._by_deletion: dict[str, int | list[int]] = {}
        self._by_sound: dict[str, list[int]] = {}
        prefix_length = limits.CANDIDATE_PREFIX_LENGTH
        for index, word in enumerate(self.words):
            for variant in deletions(word[:prefix_length], 2):
                held = self._by_deletion.get(variant)
                if held is None:
                    self._by_deletion[variant] = index
                elif isinstance(held, int):
                    self._by_deletion[variant] = [held, index]
                else:
                    held.append(index)
            if len(word) >= limits.PHONETIC_MIN_LENGTH and word.isalpha():
                self._by_sound.setdefault(sound_key(word), []).append(index)

    def near(self, word: str, most: int) -> set[str]:
        """The words whose first letters are at most `most` deletions each way from those of `word`: the
        few words a correction is looked for among, found by dictionary look-ups, not a scan."""
        seen: set[int] = set()
        for variant in deletions(word[: limits.CANDIDATE_PREFIX_LENGTH], most):
            indexes = self._by_deletion.get(variant, ())
            if isinstance(indexes, int):
                seen.add(indexes)
            else:
                seen.update(indexes)
        return {self.words[index] for index in seen}

    def corrections(self, word: str) -> list[Candidate]:
        """Vocabulary words within the typo budget of `word`, cheapest first. The budget is that of the
        longer of the two words, so a long word typed with two letters lost ("ranlar" for "granular") is
        found too; but a word shorter than SHORTENED_WORD_MIN_LENGTH keeps its own budget."""
        most = allowed_edits(len(word))
        if most == 0 or not word.isalpha():
            return []
        stretched = len(word) >= limits.SHORTENED_WORD_MIN_LENGTH
        found = []
        for candidate in self.near(word, 2 if stretched else most):
            budget = allowed_edits(max(len(word), len(candidate))) if stretched else most
            if candidate == word or abs(len(candidate) - len(word)) > budget:
                continue
            edits = OSA.distance(word, candidate, score_cutoff=budget)
            if edits <= budget:
                found.append(Candidate(candidate, UnitKind.TYPO, edits, edit_cost(word, candidate, edits)))
        found.sort(key=lambda c: (c.cost, -self.frequency.get(c.word, 0), c.word))
        return found[: limits.MAX_CORRECTIONS_PER_WORD]

    def sound_alikes(self, word: str) -> list[Candidate]:
        """Vocabulary words that sound like `word` (same sound key), closest spelling first."""
        if len(word) < limits.PHONETIC_MIN_LENGTH or not word.isalpha():
            return []
        found = []
        # Equal edit counts are told apart by frequency, then by the share of letters in common.
        most_apart = max(1, len(word) // limits.PHONETIC_LETTERS_PER_EDIT)
        for index in self._by_sound.get(sound_key(word), ()):
            candidate = self.words[index]
            if candidate == word or abs(len(candidate) - len(word)) > limits.PHONETIC_MAX_LENGTH_DIFFERENCE:
                continue
            # Metaphone codes of short or odd strings collide by chance ("zwkbgh" and "scabiei"): a
            # sound-alike must also be spelled alike once both are written by sound.
            if OSA.distance(spelled_by_sound(word), spelled_by_sound(candidate)) > most_apart:
                continue
            edits = OSA.distance(word, candidate)
            found.append(Candidate(candidate, UnitKind.PHONETIC, edits, float(edits)))
        found.sort(key=lambda c: (c.cost, -self.frequency.get(c.word, 0),
                                  -Indel.normalized_similarity(word, c.word), c.word))
        return found[: limits.MAX_PHONETIC_PER_WORD]

    def completions(self, prefix: str, *, typo: bool = True) -> list[Candidate]:
        """Words that start with `prefix` (shortest first), or, for longer prefixes with no such word and
        with `typo`, words that start with `prefix` read with one typo."""
        if len(prefix) < limits.PREFIX_MIN_LENGTH:
            return []
        found = [Candidate(word, UnitKind.PREFIX, 0, limits.COMPLETION_COST) for word in self._starting_with(prefix)]
        if typo and not found and len(prefix) >= limits.PREFIX_TYPO_MIN_LENGTH and prefix.isalpha():
            # The typo lies within the longest start of `prefix` that starts a word, or just after it: an
            # edit further on leaves a start that no word has. Only those edits are tried.
            typed_right = next((length for length in range(len(prefix) - 1, -1, -1)
                               if self._starting_with(prefix[:length], 1)), 0)
            for variant in one_edit_variants(prefix, first_edits=typed_right + 1):
                found.extend(Candidate(word, UnitKind.PREFIX, 1, edit_cost(prefix, word, 1))
                             for word in self._starting_with(variant))
        unique = {}
        for candidate in sorted(found, key=lambda c: (c.cost, len(c.word), c.word)):
            if candidate.word != prefix:
                unique.setdefault(candidate.word, candidate)
        return list(unique.values())[: limits.MAX_PREFIX_EXPANSIONS]

    def _starting_with(self, prefix: str, most: int = limits.MAX_PREFIX_EXPANSIONS) -> list[str]:
        start = bisect.bisect_left(self.words, prefix)
        if start == len(self.words) or not self.words[start].startswith(prefix):
            return []  # most variants of a prefix read with a typo start no word: say so without a copy
        found = []
        for word in self.words[start:start + 4 * most]:
            if not word.startswith(prefix):
                break
            found.append(word)
        found.sort(key=len)
        return found[:most]


def one_edit_variants(text: str, first_edits: int | None = None) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion away from `text`; with
    `first_edits`, only those whose edit is at one of the first `first_edits` positions."""
    splits = [(text[:i], text[i:]) for i in range(len(text) + 1 if first_edits is None else first_edits)]
    variants = {left + right[1:] for left, right in splits if right}
    variants |= {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
    variants |= {left + char + right[1:] for left, right in splits if right for char in ascii_lowercase}
    variants |= {left + char + right for left, right in splits for char in ascii_lowercase}
    variants.discard(text)
    return variants
