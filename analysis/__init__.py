"""Helper package for the Chinese COVID-19 Party-mobilization news corpus.

Stages, one module each (a reader finds the code for a table by the table's name):

- ``paths``    where the corpus, tables and figures live (resolved from the package);
- ``load``     files -> decoded texts, with encoding detection and bad-input problems;
- ``clean``    raw lines -> content paragraphs + cleaning log (roles, pinyin, mojibake, OpenCC);
- ``metadata`` bylines, dates, titles -> the ``articles`` table;
- ``corpus``   one call that runs load + clean + metadata on a folder;
- ``tables``   the one writer/reader for CSV tables;
- ``segment``, ``terms``, ``lexicon``            term-frequency stage;
- ``numbers``, ``claims``, ``relations``          numeric-claim ledger;
- ``fonts``, ``figures``                           figures.
"""

__version__ = "0.1.0"
