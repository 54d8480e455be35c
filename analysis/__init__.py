"""What the annotations say, computed from the store: agreement between
annotators and what adjudication walks. It reads through `parallax.store` and
imports neither Textual nor spaCy, so the reader and the command line share it."""
