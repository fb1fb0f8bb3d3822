"""Fuzzing campaigns for every reader (see fuzz/README.md)."""
