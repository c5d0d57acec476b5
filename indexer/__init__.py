"""Text analysis and the on-disk Whoosh index: corpus -> indexer -> index on disk -> search."""
from indexer.analysis import ANALYSIS_VERSION, Token, analyze
from indexer.build import (BuildReport, IndexBuildError, build_index, current_generation, default_index_dir,
                           ensure_index, read_meta)

__all__ = ["ANALYSIS_VERSION", "Token", "analyze", "BuildReport", "IndexBuildError", "build_index",
           "current_generation", "default_index_dir", "ensure_index", "read_meta"]
