"""Evaluations against the real corpora in ../shared/corpora (see eval/README.md)."""
