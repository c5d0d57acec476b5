"""The benchmark harness: condsearch against peer engines over the same pages (see bench/README.md)."""
