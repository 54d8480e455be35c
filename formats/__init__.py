"""Annotations out to the anchor tools' formats and back (Prodigy, doccano,
Label Studio, brat, spaCy DocBin, CoNLL, CoNLL-U, UIMA CAS XMI).

Each format is one module with `write(...)` and, where the format can carry
our fields back, `read(...)`; `registry.FORMATS` is what the CLI offers.
Every export fills a `LossReport` with what the format could not hold.
"""
