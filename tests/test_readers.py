"""Readers: every supported format, every way a file can be bad, and the
one-line error that names it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parallax.ingest.clean import clean
from parallax.ingest.readers import RawDocument, ReadError, expand_paths, read_path

ARTICLE = "Der Stadtrat hat getagt.\n\nDie Sitzung dauerte bis in den Abend."


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8", newline="")
    else:
        path.write_bytes(data)
    return path


def read_one(path: Path, encoding: str | None = None) -> RawDocument:
    docs = read_path(path, encoding)
    assert len(docs) == 1
    return docs[0]


# --- plain text -------------------------------------------------------------


def test_plain_text_is_read_with_source_as_given(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", ARTICLE)
    doc = read_one(path)
    assert doc.text == ARTICLE
    assert doc.source == str(path)
    assert doc.line is None and doc.title is None and doc.comments is None


@pytest.mark.parametrize("suffix", [".text", ".md", ".TXT"])
def test_other_plain_text_suffixes(tmp_path: Path, suffix: str) -> None:
    assert read_one(write(tmp_path, "a" + suffix, ARTICLE)).text == ARTICLE


def test_utf8_bom_is_stripped(tmp_path: Path) -> None:
    doc = read_one(write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + "Grüße aus Köln.".encode()))
    assert doc.text == "Grüße aus Köln."


def test_invalid_utf8_names_byte_line_and_suggests_encoding(tmp_path: Path) -> None:
    data = "Erste Zeile.\nZweite Zeile.\nDritte ".encode() + b"Stra\xdfe."
    path = write(tmp_path, "notes.txt", data)
    with pytest.raises(ReadError) as caught:
        read_path(path)
    err = caught.value
    offset = data.index(b"\xdf")
    assert err.line == 3
    assert str(err) == f"{path}:3: not valid utf-8 at byte {offset} (try --encoding latin-1)"
    assert "\n" not in str(err)


def test_invalid_utf8_offset_counts_the_bom(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbfab\xff"
    with pytest.raises(ReadError, match="at byte 5 "):
        read_path(write(tmp_path, "bom.txt", data))


def test_latin1_reads_with_encoding_option(tmp_path: Path) -> None:
    path = write(tmp_path, "alt.txt", "Die Straße nach Görlitz.".encode("latin-1"))
    assert read_one(path, encoding="latin-1").text == "Die Straße nach Görlitz."


def test_wrong_explicit_encoding_names_it(tmp_path: Path) -> None:
    path = write(tmp_path, "alt.txt", "Grüße".encode())
    with pytest.raises(ReadError, match=r"alt\.txt:1: not valid ascii at byte 2"):
        read_path(path, encoding="ascii")


def test_unknown_encoding(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", ARTICLE)
    with pytest.raises(ReadError, match="unknown encoding 'klingonisch'"):
        read_path(path, encoding="klingonisch")


def test_bytes_codec_is_not_a_text_encoding(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="not a text encoding"):
        read_path(write(tmp_path, "a.txt", ARTICLE), encoding="base64")


def test_utf16_with_explicit_encoding_is_not_taken_for_binary(tmp_path: Path) -> None:
    path = write(tmp_path, "wide.txt", "Guten Tag.\n".encode("utf-16"))
    assert read_one(path, encoding="utf-16").text == "Guten Tag.\n"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b"   \n\t\r\n  ", "empty file"),
        (b"\xef\xbb\xbf \n", "empty file (only whitespace)"),
    ],
)
def test_empty_and_whitespace_only_files(tmp_path: Path, data: bytes, message: str) -> None:
    path = write(tmp_path, "leer.txt", data)
    with pytest.raises(ReadError) as caught:
        read_path(path)
    assert str(caught.value) == f"{path}: {message}"


def test_nul_bytes_mean_binary(tmp_path: Path) -> None:
    path = write(tmp_path, "x.txt", b"Text mit \x00 darin")
    with pytest.raises(ReadError, match=r"x\.txt: binary file \(contains NUL bytes\)"):
        read_path(path)


def test_control_byte_junk_means_binary(tmp_path: Path) -> None:
    junk = bytes(range(1, 32)) * 40 + b"ein wenig Text"
    with pytest.raises(ReadError, match="binary file .*control bytes"):
        read_path(write(tmp_path, "junk.txt", junk))


def test_markup_and_ansi_escapes_are_content(tmp_path: Path) -> None:
    text = "Laut [dpa] und [/] sowie [@click=app.quit]x[/] und \x1b[2J\x1b]0;Titel\x07 bleibt alles."
    assert read_one(write(tmp_path, "m.txt", text)).text == text


def test_line_endings_are_normalised(tmp_path: Path) -> None:
    doc = read_one(write(tmp_path, "crlf.txt", b"Eins.\r\nZwei.\rDrei.\n"))
    assert doc.text == "Eins.\nZwei.\nDrei.\n"


def test_unsupported_suffix(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match=r"unsupported file type '\.pdf'"):
        read_path(write(tmp_path, "a.pdf", b"%PDF"))


# --- JSONL ------------------------------------------------------------------


def test_jsonl_articles_with_metadata_and_line_numbers(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": "Erster Artikel.", "title": "Eins", "outlet": "Musterblatt"}),
        "",
        json.dumps({"text": "Zweiter\r\nArtikel.", "url": "https://example.invalid/2",
                    "published": "2024-05-01", "author": None}),
    ]
    path = write(tmp_path, "a.jsonl", "\n".join(lines) + "\n")
    first, second = read_path(path)
    assert (first.text, first.title, first.outlet, first.line) == ("Erster Artikel.", "Eins", "Musterblatt", 1)
    assert (second.text, second.url, second.published, second.author, second.line) == (
        "Zweiter\nArtikel.", "https://example.invalid/2", "2024-05-01", None, 3)
    assert first.source == second.source == str(path)


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ("{kein json", "not valid JSON"),
        ('["text"]', "a line must be a JSON object, not array"),
        ('{"title": "ohne Text"}', "text: required, but missing"),
        ('{"text": "   "}', "text: empty"),
        ('{"text": 42}', "text: expected str, got int"),
        ('{"text": "ok", "title": ["a"]}', "title: expected str | null, got array"),
        ('{"text": "ok", "published": 2024}', "published: expected str | null, got int"),
        ("[" * 100_000 + "]" * 100_000, "JSON nested too deeply"),
    ],
)
def test_jsonl_bad_line_rejects_file_with_line_number(tmp_path: Path, bad_line: str, message: str) -> None:
    good = json.dumps({"text": "Ein guter Artikel."})
    path = write(tmp_path, "b.jsonl", f"{good}\n\n{bad_line}\n{good}\n")
    with pytest.raises(ReadError) as caught:
        read_path(path)
    err = caught.value
    assert err.line == 3
    assert str(err).startswith(f"{path}:3: {message}")
    assert "\n" not in str(err)


def test_jsonl_of_blank_lines_only(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="empty file"):
        read_path(write(tmp_path, "c.jsonl", "\n\n  \n"))


# --- HTML -------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8">
<title>Freibad bleibt zu | Musterblatt</title>
<meta property="og:site_name" content="Musterblatt">
<meta name="author" content="Erika Beispiel">
<meta property="article:published_time" content="2024-05-03T10:00:00+02:00">
<link rel="canonical" href="https://musterblatt.example/freibad">
</head><body>
<nav><a href="/">Startseite</a> <a href="/lokales">Lokales</a></nav>
<div id="cookie-banner" class="cookie-consent">Wir verwenden Cookies. Alle akzeptieren</div>
<article>
<h1>Freibad bleibt zu</h1>
<p>Der Stadtrat von Kleinstadt hat am Dienstag beschlossen, das Freibad wegen des
anhaltenden Regens bis auf Weiteres zu schließen. Die Bürgermeisterin bedauerte das.</p>
<p>„Wir hätten gern anders entschieden“, sagte sie nach der Sitzung. Die Badegäste
müssen nun in die Nachbarstadt ausweichen, die ihr Hallenbad länger öffnen will.</p>
<h2>Ausweichen in die Nachbarstadt</h2>
<p>Die Nachbarstadt rechnet mit doppelt so vielen Besuchern wie sonst. Der Bademeister
kündigte zusätzliche Schichten an, damit alle Gäste sicher schwimmen können [dpa].</p>
</article>
<section id="comments"><h3>2 Kommentare</h3>
<div class="comment"><p>Ein Skandal ist das, das Freibad war immer so schön und jetzt ist es zu.</p></div>
<div class="comment"><p>Endlich eine vernünftige Entscheidung des Stadtrats, finde ich gut.</p></div>
</section>
<footer>Impressum · Datenschutz · © Musterblatt 2024</footer>
</body></html>
"""


def test_html_article_metadata_and_comments(tmp_path: Path) -> None:
    doc = read_one(write(tmp_path, "seite.html", PAGE))
    assert doc.title == "Freibad bleibt zu"
    assert doc.outlet == "Musterblatt"
    assert doc.author == "Erika Beispiel"
    assert doc.published == "2024-05-03"
    assert doc.url == "https://musterblatt.example/freibad"
    paragraphs = doc.text.split("\n\n")
    assert paragraphs[0] == "Freibad bleibt zu"
    assert paragraphs[1].startswith("Der Stadtrat von Kleinstadt")
    assert "Ausweichen in die Nachbarstadt" in paragraphs
    assert "[dpa]" in doc.text
    assert "Skandal" not in doc.text and "Cookies" not in doc.text and "Impressum" not in doc.text
    assert doc.comments is not None and "Ein Skandal ist das" in doc.comments


def test_html_comments_become_one_reader_comments_zone(tmp_path: Path) -> None:
    record = clean(read_one(write(tmp_path, "seite.htm", PAGE)))
    comments = [z for z in record.zones if z.kind == "reader_comments"]
    assert len(comments) == 1
    zone_text = record.text[comments[0].start : comments[0].end]
    assert "Ein Skandal ist das" in zone_text and "Endlich eine vernünftige" in zone_text
    assert record.text.endswith(zone_text)
    assert record.text[comments[0].start - 2 : comments[0].start] == "\n\n"
    assert record.outlet == "Musterblatt" and record.title == "Freibad bleibt zu"
    kinds = [z.kind for z in record.zones]
    assert kinds[0] == "headline" and "subheading" in kinds and "body" in kinds
    for zone in record.zones:
        if zone.kind != "reader_comments":
            assert "Cookies" not in record.text[zone.start : zone.end]


HEADER_PAGE = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8">
<title>Freibad zu: Was der Regen die Stadt kostet | Musterblatt</title>
<meta property="og:site_name" content="Musterblatt">
</head><body>
<main><article>
<header class="article-header">
{header}
<p class="byline">Von Erika Beispiel</p>
</header>
<div class="article-body">
<p class="lead">Das Freibad von Kleinstadt bleibt wegen des Regens geschlossen. Die Stadt rechnet mit
hohen Ausfällen und sucht nach Lösungen für die Badegäste.</p>
<p>Der Stadtrat hat am Dienstag beschlossen, das Freibad bis auf Weiteres zu schließen. Die
Bürgermeisterin bedauerte das und kündigte Gespräche mit der Nachbarstadt an.</p>
<h2>Ausweichen in die Nachbarstadt</h2>
<p>Die Nachbarstadt rechnet mit doppelt so vielen Besuchern wie sonst. Der Bademeister kündigte
zusätzliche Schichten an, damit alle Gäste sicher schwimmen können.</p>
</div>
</article></main>
</body></html>
"""


@pytest.mark.parametrize(
    "header",
    [
        '<p class="kicker">Dauerregen</p>\n<h1>Freibad bleibt den ganzen Sommer zu</h1>',
        '<h1><span class="headline-kicker">Dauerregen</span> <span>Freibad bleibt den ganzen Sommer zu</span></h1>',
    ],
)
def test_html_headline_dropped_by_the_extractor_is_put_back(tmp_path: Path, header: str) -> None:
    doc = read_one(write(tmp_path, "kopf.html", HEADER_PAGE.format(header=header)))
    # the byline sits in the <header> too, and is kept under the headline
    assert doc.text.startswith(
        "Dauerregen\nFreibad bleibt den ganzen Sommer zu\n\nVon Erika Beispiel\n\nDas Freibad von Kleinstadt"
    )
    assert doc.text.count("Freibad bleibt den ganzen Sommer zu") == 1
    assert doc.title == "Dauerregen: Freibad bleibt den ganzen Sommer zu"
    record = clean(doc)
    kinds = [z.kind for z in record.zones]
    assert kinds[:3] == ["headline", "byline", "lead"] and "subheading" in kinds
    assert record.title == doc.title and record.outlet == "Musterblatt"


def test_html_headline_already_in_the_text_is_not_repeated(tmp_path: Path) -> None:
    doc = read_one(write(tmp_path, "seite.html", PAGE))
    assert doc.text.count("Freibad bleibt zu") == 1


def test_html_without_article_text(tmp_path: Path) -> None:
    path = write(tmp_path, "leer.html", "<html><head><title>x</title></head><body><script>x=1</script></body></html>")
    with pytest.raises(ReadError, match="no article text found"):
        read_path(path)


def test_html_empty_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="empty file"):
        read_path(write(tmp_path, "leer.html", b"  \n"))


# --- paths --------------------------------------------------------------------


def test_missing_path(tmp_path: Path) -> None:
    missing = str(tmp_path / "fehlt.txt")
    with pytest.raises(ReadError) as caught:
        expand_paths([missing])
    assert str(caught.value) == f"{missing}: no such file or directory"


def test_directory_is_recursive_sorted_and_filtered(tmp_path: Path) -> None:
    write(tmp_path, "b.txt", ARTICLE)
    write(tmp_path, "a.html", PAGE)
    write(tmp_path, "sub/c.jsonl", "{}")
    write(tmp_path, "sub/bild.png", b"\x89PNG")
    write(tmp_path, ".git/d.txt", ARTICLE)
    found = expand_paths([str(tmp_path)])
    assert found == [tmp_path / "a.html", tmp_path / "b.txt", tmp_path / "sub" / "c.jsonl"]


def test_directory_without_supported_files(tmp_path: Path) -> None:
    write(tmp_path, "bild.png", b"\x89PNG")
    with pytest.raises(ReadError, match="no supported files in this directory"):
        expand_paths([str(tmp_path)])


def test_glob_patterns(tmp_path: Path) -> None:
    write(tmp_path, "x/1.txt", ARTICLE)
    write(tmp_path, "x/y/2.txt", ARTICLE)
    write(tmp_path, "x/y/3.md", ARTICLE)
    assert expand_paths([f"{tmp_path}/x/**/*.txt"]) == [tmp_path / "x/1.txt", tmp_path / "x/y/2.txt"]
    with pytest.raises(ReadError, match="no file matches this pattern"):
        expand_paths([f"{tmp_path}/*.jsonl"])


def test_files_are_listed_once_in_argument_order(tmp_path: Path) -> None:
    a, b = write(tmp_path, "a.txt", ARTICLE), write(tmp_path, "b.txt", ARTICLE)
    assert expand_paths([str(b), str(tmp_path / "*.txt"), str(a)]) == [b, a]


def test_explicit_unsupported_file(tmp_path: Path) -> None:
    path = write(tmp_path, "notiz.docx", b"PK")
    with pytest.raises(ReadError, match="unsupported file type"):
        expand_paths([str(path)])
