"""Character spans in an article's text (str indices, end exclusive)."""


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the whitespace at either end: spans never start or end in blanks."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
