"""Every cap and cutoff of the query pipeline, in one place, each with the reason for its value.

Bounded work per query: the length of the text read, the words considered, and the candidates each word
may expand to, so that no query — however long or strange — costs more than a bounded amount of work.
"""

# -- input -------------------------------------------------------------------------------------------------
# Longest query read, in characters. Real condition names are under 120 characters; a pasted sentence fits.
MAX_QUERY_CHARS = 500
# Words of a query read: a visitor's question of two or three sentences ("My dad begins BCG treatment ...
# for cancer tumours in the urinary bladder?") names its condition anywhere within it.
MAX_READ_WORDS = 48
# Content words of a query considered for matching, at most: the words that names hold first (search/stages/
# focus.py), the rest read as context. Matching weighs every set of content words against the confidence
# floor (2 ** this many sets at worst), so this bounds the work of any query.
MAX_QUERY_WORDS = 12
# Longest word corrected, completed or matched by sound, in letters once folded ("ß" folds to two). The
# longest words of condition names are under 50 letters; a longer "word" is pasted junk, and the work of
# correcting a word grows with its length (a prefix read with one typo has 53 variants per letter). A longer
# word is cut to this length where the query is normalised.
MAX_WORD_CHARS = 60
# Most results one request may ask for, and the default.
MAX_RESULTS = 100
DEFAULT_RESULTS = 10
# Most completions the search box asks for.
MAX_SUGGESTIONS = 8

# -- typo tolerance (Meilisearch allows 1 typo from 5 letters and 2 from 9; Elasticsearch's AUTO 1 edit from
# 3 letters and 2 from 6). Medical words are long, and short ones are mostly acronyms, which are never
# corrected: 1 edit from 4 letters, 2 from 8. A transposition counts as one edit.
ONE_TYPO_MIN_LENGTH = 4
# ... except acronyms of at least this many letters ("CATSH" for "CATSHL"): among so many letters a typo
# rarely turns one real acronym into another, as it does among short ones ("ALL", "AML", "CLL").
LONG_ACRONYM_MIN_LENGTH = 5
TWO_TYPOS_MIN_LENGTH = 8
# The budget is that of the longer word, typed or corrected to, so that a long word typed with two letters
# lost is found ("ranlar" for "granular"), but only for typed words of at least this many letters.
SHORTENED_WORD_MIN_LENGTH = 6
# An edit on the first letter is allowed ("caposi" -> "kaposi") but costs this much more than another.
FIRST_LETTER_EXTRA_COST = 0.5
# A typo that only spells a sound with other letters ("nefroblastoma", "caposi") is the likeliest kind: it
# costs this much, plus one for each edit left once both words are spelled by sound (a respelled sound
# and another typo, "neroblastoma" for "nephroblastoma", is no likelier than one plain typo).
SOUND_SPELLING_COST = 0.5
# Corrections kept per query word, best first: more only slows ranking down with weaker candidates.
MAX_CORRECTIONS_PER_WORD = 6
# Letters of a word's start indexed for candidate generation (SymSpell's prefix length): the candidates
# of a word are found through deletions of its first letters, never by scanning the vocabulary.
CANDIDATE_PREFIX_LENGTH = 7

# -- sound-alike matching -------------------------------------------------------------------------------
# Words shorter than this are not matched by sound: short Metaphone codes collide by chance.
PHONETIC_MIN_LENGTH = 5
# Sound-alike words kept per query word.
MAX_PHONETIC_PER_WORD = 4
# A sound-alike word may differ in length by at most this many letters.
PHONETIC_MAX_LENGTH_DIFFERENCE = 3
# ... and, both written by sound (ph as f, c as k...), by at most one edit per this many letters (at least
# one): "kolangiokarsinoma" is one edit from "cholangiocarcinoma" so written; "zwkbgh" is far from "scabiei".
PHONETIC_LETTERS_PER_EDIT = 4

# -- prefixes (search as you type) ------------------------------------------------------------------------
# The last word of a query is also read as the start of a longer word from this many letters.
PREFIX_MIN_LENGTH = 3
# Completions of one prefix considered, shortest words first.
MAX_PREFIX_EXPANSIONS = 30
# A completion of the word being typed costs a quarter of an edit (plus CANDIDATE_ORDER_COST a letter still
# to type): the visitor may mean a longer word or the word itself, so a name holding the word as typed wins.
COMPLETION_COST = 0.25
# A prefix of at least this many letters may itself hold one typo.
PREFIX_TYPO_MIN_LENGTH = 5
# A completion also offers names whose words end with the word typed, when it is at least this long: Dutch
# and German write a kind of cancer as one word ending in the word for it ("borstkanker", "Brustkrebs"), so
# "kanker" alone should offer them. Shorter endings ("om" of "lymfoom") are parts of words, not words.
COMPOUND_TAIL_MIN_LENGTH = 5
# Words ending with the typed word that one completion looks at, shortest first: a box shows eight names.
MAX_COMPOUND_TAIL_WORDS = 64

# -- synonyms -----------------------------------------------------------------------------------------------
# Alternative phrasings a query may expand to through synonyms.txt.
MAX_SYNONYM_EXPANSIONS = 16

# -- sites and kinds (search/stages/sites.py) -----------------------------------------------------------------
# A word for the same site or kind of tumour in English costs as a synonym: the typed word means it, though
# the name writes it otherwise ("Magens" for "stomach", "Neubildung" for "cancer").
SITE_COST = 0.5
# Units that sites and kinds may add to one query: a kind reaches a dozen English words, a site two or three.
MAX_SITE_EXPANSIONS = 48

# -- groups (search/stages/groups.py) -------------------------------------------------------------------------
# A broad query lists every type of the group its overview page stands for, when the group has at most this
# many: a site's overview has a dozen; an ontology's root term has hundreds of children, which would bury
# every other answer, and its visitors page through its own links instead.
MAX_GROUP_MEMBERS = 40

# -- ranking and the confidence floor ------------------------------------------------------------------------
# Names scored per query at most, the most promising first, in the order they will rank (most query weight
# matched, reached as typed, holding the query's filler words, then shortest). A one-word query such as
# "syndrome" is held by thousands of ontology names; the first two hundred in that order hold every page a
# visitor would read (400 found no other top result on 5,000 generated DO queries), and scoring them all
# would cost tens of milliseconds.
MAX_NAMES_SCORED = 200
# ... and for completions of what is being typed, which show MAX_SUGGESTIONS pages: the best of them are
# among the shortest names the typed words reach (a completion ranks by how much of its name was typed),
# and a search box asks again at every key, so it must answer within a few milliseconds.
MAX_SUGGEST_NAMES_SCORED = 96
# Names of one page that the same query words reach the same way are scored this many at most, the shortest
# first: they differ only in how completely they are matched, and a page linked to an ontology holds dozens
# of names with "carcinoma" or "leukemia" (scoring each was most of a query's time).
MAX_ALIKE_NAMES_SCORED = 6
# Sets of names kept per open index, by the words a unit looks for: the same words recur from one query to
# the next (mostly the index's own sets, shared; a phrase's or a correction's a new one; emptied when full).
UNIT_NAMES_CACHED = 4096
# Names kept in the unions of the sets of one query position's units (search.stages.reach.position_names),
# per open index: "cancer" with its kinds reaches most of an ontology's names, and a worker kept 12 MB of
# such unions after two passes over the bench's DO union queries. 60,000 names are about 2.5 MB; the bundled
# index's unions all fit.
POSITION_NAMES_KEPT = 60_000
# Names found whole in a query (every content word of the name among the query's words) are scored beside
# those reaching the floor, at most this many: a question names one or two conditions, and each page has
# a few names.
MAX_WHOLE_NAMES_SCORED = 100
# ... looked for through the query words that reach at most this many names: the names made only of words
# as common as "cancer" or "disease" are not what a question names, and gathering them would cost more
# than the rest of the query.
MAX_WHOLE_NAME_POSTINGS = 400
# When the names of pages hold every word of a query but give fewer pages than this, the text is searched
# for pages holding every word too. A fixed number, not the page of results asked for: the pages a query
# finds, and their order, never depend on how many are shown.
TEXT_FILL_BELOW = 10
# Pages taken from the body-text search.
MAX_TEXT_HITS = 50
# A word in more than this share of page texts (and more than MIN_COMMON_WORD_DOCS pages) is left out of
# the any-word text search: it tells pages apart no better than a filler word, and scoring it would make
# every query visit most of the corpus.
COMMON_WORD_SHARE = 0.05
MIN_COMMON_WORD_DOCS = 20
# A page is shown only if it matches at least this share of the query's content words. Below it, the
# "match" is a stray word, and an honest "no match" beats the least-bad page.
MIN_QUERY_COVERAGE = 0.5
# A word matched only through a correction weighs this share of what the corrected word would: the
# correction may be wrong, so a rare word guessed from a typo must not outweigh words matched as typed.
FUZZY_WORD_WEIGHT = 0.5
# A word that no name holds, found only in page texts, weighs this share of its inverse frequency: names say
# what a page is about, so in "can melanoma come back after it is removed" the name word leads, and the
# words of the question around it ("come", "back", "removed") cannot push the page under the floor.
TEXT_WORD_WEIGHT = 0.5

# A word that only names of narrower or related terms hold (an ontology's "other sites of gum") weighs this
# share of its inverse frequency: it tells little of which page a question is about.
NOT_OWN_WORD_WEIGHT = 0.5
# A word found nowhere (no name, no page text) weighs this share of the rarest word's weight: the query may be
# about something else altogether ("a good restaurant in Brussels"), and a stray word of it read as a typo
# of a name word must not pass for a match. A page whose name the query holds whole passes whatever the
# rest weighs ("is melanoma curable").
UNKNOWN_WORD_WEIGHT = 0.5

# -- costs of the units (the "closeness" ranking rule sums the costs of a name's units) ---------------------
# A phrase reached through synonyms.txt costs as much as half an edit: the words typed, in other words, are
# surer than any typo, but less sure than the name as written.
SYNONYM_COST = 0.5
# Among equally costly candidates for one word, each place further down its list costs this much more, so
# the closest and most frequent candidate wins a tie; small enough never to outweigh a whole edit.
CANDIDATE_ORDER_COST = 0.01
# A sound-alike costs more than any typo of at most two edits (which cost up to about 1.5 each), plus a
# share of its edits once both words are written by sound: a word heard right but written far off is the
# last guess.
PHONETIC_BASE_COST = 2.0
PHONETIC_EDIT_COST = 0.1
# Sums of float weights compared with the floor: a coverage equal to the floor must not fall under it by
# a rounding error.
FLOAT_TOLERANCE = 1e-9

# -- evidence of a page matched by its text only (no name of it matched): it ranks after every name match on
# the rules of closeness (a cost above any name's), name kind (after related names) and name length.
NO_NAME_COST = 9.0
NO_NAME_KIND_RANK = 3
NO_NAME_LENGTH = 99

# -- the displayed score (search.stages.rank.score_of): the coverage of the query's weight, lowered by a step
# per tier below exact, and scaled from SCORE_BASE (none of the name typed) to 1 (all of it); a text-only
# match counts as half a name.
SCORE_TIER_STEP = 0.1
SCORE_BASE = 0.6
SCORE_COMPLETENESS_SHARE = 0.4
NO_NAME_COMPLETENESS = 0.5
