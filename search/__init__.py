"""The query pipeline: normalise, expand, correct, rank, explain. `Searcher` is the entry point."""
from search.results import Hit, IndexInfo, MatchTier, Reason, SearchResponse, Suggestion
from search.searcher import IndexMissing, IndexUnreadable, SearchError, Searcher

__all__ = ["Hit", "IndexInfo", "MatchTier", "Reason", "SearchResponse", "Suggestion", "IndexMissing",
           "IndexUnreadable", "SearchError", "Searcher"]
