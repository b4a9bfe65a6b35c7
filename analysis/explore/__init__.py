"""Corpus exploration beyond word counts: reprints, topics, correspondence analysis.

- :mod:`analysis.explore.reprints`: near-duplicate articles (MinHash + LSH over character
  shingles) grouped with their original, so each group can be counted once;
- :mod:`analysis.explore.topics`: a seeded, deterministic NMF topic model of the term counts;
- :mod:`analysis.explore.correspondence`: correspondence analysis of terms × groups (period or
  outlet).

Notebook ``05-explore`` calls them; every function takes tables and returns tables.
"""
