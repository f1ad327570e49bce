"""Readers for legislative XML and HTML: layout, outline marks, offsets, safety, real documents."""

from __future__ import annotations

from itertools import accumulate
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from legdiff.errors import InputError
from legdiff.load import load_document
from legdiff.models import Document, Kind, Role, Segmented
from legdiff.readers import markup
from legdiff.readers.labels import (division_label, enumerator_kind, heading_label,
                                    section_label)
from legdiff.segment import segment

REALDATA = Path(__file__).resolve().parents[1].parent / "shared" / "realdata"

DC_NS = 'xmlns="https://code.dccouncil.us/schemas/dc-library"'
USLM_NS = 'xmlns="http://schemas.gpo.gov/xml/uslm" xmlns:dc="http://purl.org/dc/elements/1.1/"'


# --- helpers -------------------------------------------------------------------------------

def read(source: str, kind: str = "xml", path: str = "case.xml") -> Document:
    reader = markup.read_xml if kind == "xml" else markup.read_html
    text, offsets, outline, title = reader(source, path)
    return Document("case", Role.DOCUMENT, path, title, source, text, kind, offsets, outline)


def uncovered(segmented: Segmented) -> list[int]:
    """Non-white-space characters of the text not in exactly one leaf provision."""
    text = segmented.document.text
    steps = [0] * (len(text) + 1)
    for leaf in segmented.leaves():
        steps[leaf.start] += 1
        steps[leaf.end] -= 1
    counts = accumulate(steps)
    return [i for i, (c, n) in enumerate(zip(text, counts)) if n != 1 and not c.isspace()]


def unmapped(document: Document) -> list[int]:
    """Characters that are not at their offset in the source. Labels the reader wrote in
    citation form ("Sec. 4" for "SEC. 4."), decoded entities (at their "&") and white space
    are not compared."""
    text, source, offsets = document.text, document.source, document.offsets
    labels = {i for mark in document.outline for i in range(mark.start, mark.start + len(mark.label))}
    return [i for i, c in enumerate(text)  # a numbered list's numbers are written at their <li>
            if not c.isspace() and i not in labels and source[offsets[i]] not in (c, "&") and
            not source.startswith("<li", offsets[i])]


def check_invariants(document: Document) -> Segmented:
    """Coverage, a monotonic offset map back to the source, and marks at their labels."""
    assert len(document.offsets) == len(document.text) + 1
    assert all(a <= b for a, b in zip(document.offsets, document.offsets[1:]))
    assert unmapped(document) == []
    for mark in document.outline:
        assert document.text.startswith(mark.label, mark.start), mark
        assert mark.start == 0 or document.text[mark.start - 1] == "\n", mark
    segmented = segment(document)
    assert uncovered(segmented) == []
    return segmented


def by_citation(segmented: Segmented, citation: str, *kinds: Kind):
    found = [p for p in segmented.provisions if p.citation == citation and (not kinds or p.kind in kinds)]
    assert found, f"no provision cited {citation!r}"
    return found[0]


# --- labels ----------------------------------------------------------------------------------

@pytest.mark.parametrize("made, expected", [
    (section_label("24-211.07"), "§ 24-211.07"),  # DC Code XML <num>24-211.07</num> (before.xml)
    (section_label("24-211.07(Perm)"), "§ 24-211.07"),  # after.xml: the version is not cited
    (section_label("SEC. 4. "), "Sec. 4"),  # USLM bills (HJ37_RFS.XML)
    (section_label("SECTION 1. ", "1"), "Sec. 1"),  # USLM first section, cited like the rest
    (section_label("§ 100101.", "100101"), "§ 100101"),  # USLM codification (113publ287-uslm.xml)
    (section_label("2"), "Sec. 2"),  # DC law XML section of an act (laws-23-282.xml)
    (division_label("title", "TITLE V", "V"), "Title V"),  # USLM <title> (h2157_enr.XML)
    (division_label("subtitle", "Subtitle I—"), "Subtitle I"),  # USLM, dash after the number
    (division_label("SUBTITLE", "F"), "Subtitle F"),  # DC <prefix>SUBTITLE</prefix><num>F</num>
    (heading_label("§ 24–211.07. Prohibition.")[0], "§ 24-211.07"),  # DC Code page, en dash
    (heading_label("Subchapter VII-A. Residency Requirement.")[0], "Subchapter VII-A"),  # title 1 ch. 6
    (heading_label("Part A. General.")[0], "Part A"),  # DC Code page part heading
    (heading_label("Effect of Amendments"), None),  # an annotation heading is not a unit
    (enumerator_kind("(a)", Kind.SECTION), Kind.SUBSECTION),  # DC Code order (a)(1)(A)(i)(I)
    (enumerator_kind("(1)", Kind.SECTION), Kind.PARAGRAPH),  # definitions start at (1)
    (enumerator_kind("(i)", Kind.SUBPARAGRAPH), Kind.CLAUSE),  # before.xml (b)(2)(B)(i)
    (enumerator_kind("(i)", Kind.SECTION), Kind.SUBSECTION),  # the letter after (h)
    (enumerator_kind("(I)", Kind.CLAUSE), Kind.SUBCLAUSE),
    (enumerator_kind("(aa)", Kind.SUBCLAUSE), Kind.ITEM),
])
def test_readers_labels_take_citation_form(made, expected):
    assert made == expected


# --- XML -------------------------------------------------------------------------------------

DC_SECTION = f"""<?xml version='1.0' encoding='utf-8'?>
<section {DC_NS} containing-doc="D.C. Code">
  <num>24-211.07</num>
  <heading>District compliance with federal immigration detainers.</heading>
  <para>
    <num>(a)</num>
    <text>The District may comply with requests from <cite
      path="§23-1331|(3)">§ 23-1331(3)</cite> &amp; others.</text>
  </para>
  <para>
    <num>(d)</num>
    <para>
      <num>(1)</num>
      <text>The District shall not provide an office, booth, or any facility.</text>
    </para>
    <para>
      <num>(2)</num>
      <text>This subsection creates no right to counsel.</text>
    </para>
  </para>
  <annotations>
    <annotation type="History">as added Dec. 11, 2012, D.C. Law 19-194, § 2</annotation>
  </annotations>
</section>"""


def test_readers_xml_lays_out_one_unit_per_line():
    document = read(DC_SECTION)
    assert document.text == (
        "§ 24-211.07 District compliance with federal immigration detainers.\n"
        "(a) The District may comply with requests from § 23-1331(3) & others.\n"
        "(d)\n"
        "(1) The District shall not provide an office, booth, or any facility.\n"
        "(2) This subsection creates no right to counsel.\n"
        "\n"
        "as added Dec. 11, 2012, D.C. Law 19-194, § 2")
    assert [(m.depth, m.label, m.kind) for m in document.outline] == [
        (1, "§ 24-211.07", Kind.SECTION), (2, "(a)", Kind.SUBSECTION),
        (2, "(d)", Kind.SUBSECTION), (3, "(1)", Kind.PARAGRAPH), (3, "(2)", Kind.PARAGRAPH),
        (2, "", Kind.BACK)]
    assert document.title == "§ 24-211.07. District compliance with federal immigration detainers."


def test_readers_xml_offsets_point_into_the_source():
    document = read(DC_SECTION)
    check_invariants(document)
    ampersand = document.text.index("&")
    assert document.source.startswith("&amp;", document.offsets[ampersand])
    start, end = document.source_span(document.text.index("(1)"), document.text.index("\n(2)"))
    assert document.source[start:end] == ("(1)</num>\n      <text>The District shall not provide "
                                          "an office, booth, or any facility.")


def test_readers_xml_notes_after_units_stay_at_section_level():
    segmented = check_invariants(read(DC_SECTION))
    last = by_citation(segmented, "§ 24-211.07(d)(2)")
    notes = [p for p in segmented.provisions if p.kind == Kind.BACK]
    assert last.is_leaf and "D.C. Law 19-194" not in last.text
    assert len(notes) == 1 and by_citation(segmented, "§ 24-211.07", Kind.SECTION).id == notes[0].parent


USLM_BILL = f"""<?xml version="1.0" encoding="UTF-8"?>
<bill {USLM_NS}><meta><dc:title>116 HR 9: A bill</dc:title>
<processedBy>GPO XPub Bill to USLM Generator</processedBy></meta>
<preface><congress>116th CONGRESS</congress></preface>
<main><longTitle><docTitle>A BILL</docTitle><officialTitle>To test readers.</officialTitle></longTitle>
<toc><referenceItem><designator>Sec. 4.</designator><label>Definitions.</label></referenceItem></toc>
<title><num value="V">TITLE V</num><heading>GENERAL SERVICES ADMINISTRATION</heading>
<section><num value="4">SEC. 4. </num><heading>DEFINITIONS.</heading>
<subsection><num value="a">(a) </num><heading>In General.—</heading>
<chapeau>In this Act—</chapeau>
<paragraph><num value="1">(1) </num>
<content>the term “agency” means an Executive agency; and</content></paragraph>
<paragraph><num value="2">(2) </num>
<content>section 3 <amendingAction>is amended</amendingAction> by adding the following:
<quotedContent><subsection><num value="e">“(e) </num><content>Reports are public.”</content>
</subsection></quotedContent><inline role="after-quoted-block">; and</inline></content></paragraph>
<continuation>as the Administrator determines.</continuation>
</subsection></section></title>
<action><actionDescription>Approved March 4, 2015.</actionDescription></action></main>
<signatures><signature><name>NANCY PELOSI,</name><role>Speaker.</role></signature></signatures>
<block role="endorsement"><congress>116th CONGRESS</congress></block>
</bill>"""


@pytest.mark.parametrize("citation, words", [
    ("Title V", "GENERAL SERVICES ADMINISTRATION"),  # a title cites as "Title V", not "TITLE V"
    ("Sec. 4", "DEFINITIONS."),  # "SEC. 4." cites as "Sec. 4"
    ("Sec. 4(a)", "In this Act—"),  # chapeau joins its subsection's line
    ("Sec. 4(a)(1)", "the term “agency” means an Executive agency; and"),
    ("Sec. 4(a)(2)", "section 3 is amended by adding the following:"),
])
def test_readers_xml_uslm_citations_follow_markup(citation, words):
    segmented = check_invariants(read(USLM_BILL))
    assert words in by_citation(segmented, citation).text


def test_readers_xml_uslm_leaves_out_metadata_and_contents():
    document = read(USLM_BILL)
    assert "GPO XPub" not in document.text and "116 HR 9" not in document.text
    assert "Definitions." not in document.text  # the table of contents repeats headings
    assert document.text.startswith("116th CONGRESS\n\nA BILL\n\nTo test readers.")
    assert document.title == "To test readers."


def test_readers_xml_quoted_units_are_prose_not_units():
    document = read(USLM_BILL)
    segmented = check_invariants(document)
    assert "“(e)" not in [m.label for m in document.outline]
    quoted = [p for p in segmented.leaves() if "Reports are public" in p.text]
    assert len(quoted) == 1 and quoted[0].kind == Kind.BLOCK
    assert "\n“(e) Reports are public.”; and\n" in document.text  # the words after the quote


def test_readers_xml_continuation_belongs_to_its_unit_not_the_last_paragraph():
    segmented = check_invariants(read(USLM_BILL))
    [after] = [p for p in segmented.provisions if p.text == "as the Administrator determines."]
    assert after.citation == "Sec. 4(a), closing text"
    assert after.parent == by_citation(segmented, "Sec. 4(a)", Kind.SUBSECTION).id


def test_readers_xml_matter_after_the_body_is_one_back_unit():
    segmented = check_invariants(read(USLM_BILL))
    assert [p.text for p in segmented.provisions if p.kind == Kind.BACK] == [
        "Approved March 4, 2015.\nNANCY PELOSI, Speaker.\n116th CONGRESS"]
    assert by_citation(segmented, "Back matter").parent is None


def test_readers_xml_recital_with_numbered_items_stays_one_recital():
    # S.Con.Res. 13 (SC13_ES.XML): a "Whereas" recital lists (1) and (2)
    source = (f'<resolution {USLM_NS}><main><preamble><recital>Whereas the TRA was signed;</recital>'
              '<recital><p>Whereas it was reaffirmed—</p><paragraph><num value="1">(1) </num>'
              '<content>by the House; and</content></paragraph><paragraph><num value="2">(2) </num>'
              '<content>by the Senate;</content></paragraph></recital>'
              '<recital>Whereas ties are close: Now, therefore, be it</recital></preamble>'
              '<section><num value="1">SECTION 1. </num><content>Congress reaffirms.</content></section>'
              '</main></resolution>')
    document = read(source)
    segmented = check_invariants(document)
    assert [m.label for m in document.outline] == ["Sec. 1"]
    recitals = [p.text for p in segmented.provisions if p.kind == Kind.RECITAL]
    assert recitals[1] == "Whereas it was reaffirmed—\n(1) by the House; and\n(2) by the Senate;"
    assert len(recitals) == 3


def test_readers_xml_heading_written_before_its_number():
    # H.R. 240 (114hr240enr_good.xml): <section><heading>(rescissions)</heading><num>Sec. 573.
    source = (f'<pLaw {USLM_NS}><main><section><heading>(rescissions)</heading>'
              '<num value="573">  <inline>Sec. 573. </inline> </num>'
              '<chapeau>Of the funds appropriated, $5 are rescinded.</chapeau></section></main></pLaw>')
    document = read(source)
    assert document.text == "Sec. 573 (rescissions)\nOf the funds appropriated, $5 are rescinded."
    check_invariants(document)


def test_readers_xml_dc_act_containers_and_codify_instructions():
    source = (f'<document {DC_NS} xmlns:codify="https://code.dccouncil.us/schemas/codify">'
              '<heading type="short">Budget Support Act</heading>'
              '<container><prefix>TITLE</prefix><num>III</num><heading>PUBLIC SAFETY</heading>'
              '<container><prefix>SUBTITLE</prefix><num>F</num><heading>DETAINERS</heading>'
              '<section><num>3052</num><text>Section 7 is amended as follows:</text>'
              '<para><num>(a)</num><text>Strike "; and".</text>'
              '<codify:find-replace><find>; and</find><replace>;</replace></codify:find-replace></para>'
              '<codify:annotation>The amendment applies as of August 18, 2025.</codify:annotation>'
              '</section></container></container></document>')
    document = read(source)
    segmented = check_invariants(document)
    assert document.title == "Budget Support Act"
    assert [m.label for m in document.outline] == ["Title III", "Subtitle F", "Sec. 3052", "(a)"]
    assert by_citation(segmented, "Subtitle F").heading == "DETAINERS"
    assert "Sec. 3052(a)" in {p.citation for p in segmented.provisions}
    assert "August 18" not in document.text and "replace" not in document.text


@pytest.mark.parametrize("source", [
    # an external entity (XXE): must not read /etc/passwd
    '<?xml version="1.0"?><!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]><s><text>&x;</text></s>',
    # billion laughs: nested internal entities
    '<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]><s><text>&c;</text></s>',
    # a parameter entity fetching an outside DTD
    '<?xml version="1.0"?><!DOCTYPE s [<!ENTITY % p SYSTEM "http://example.invalid/x.dtd"> %p;]><s/>',
])
def test_readers_xml_refuses_entity_declarations(source):
    with pytest.raises(InputError) as caught:
        read(source, path="evil.xml")
    message = str(caught.value)
    assert message.startswith("evil.xml: ") and "remove the <!DOCTYPE" in message
    assert "root:" not in message and "lol" not in message and "\n" not in message


def test_readers_xml_reports_malformed_markup_with_its_place():
    with pytest.raises(InputError, match=r"^bad\.xml: is not well-formed XML \(mismatched tag: line 2"):
        read("<section><num>1</num>\n<text>open</section>", path="bad.xml")


def test_readers_xml_gpo_bill_dtd_is_read_without_fetching_it():
    # GPO's bill DTD XML names its DTD and uses its entities (&mdash;); neither is fetched.
    source = ('<?xml version="1.0"?>\n<!DOCTYPE bill PUBLIC "-//US Congress//DTDs/bill.dtd//EN" '
              '"http://example.invalid/bill.dtd">\n<bill><legis-body><section><enum>2.</enum>'
              '<header>Short title</header><text>This Act&mdash;the &ldquo;Test Act&rdquo;.</text>'
              '</section></legis-body></bill>')
    document = read(source)
    assert document.text == "Sec. 2 Short title\nThis Act—the “Test Act”."
    check_invariants(document)


def test_readers_xml_akoma_ntoso_units():
    source = ('<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act><meta>'
              '<identification source="#x"/></meta><body><chapter><num>1</num><heading>Scope</heading>'
              '<section><num>1.</num><heading>Definitions</heading><subsection><num>(2)</num>'
              '<intro><p>The Minister may—</p></intro><paragraph><num>(a)</num><content><p>make rules;'
              '</p></content></paragraph><wrapUp><p>after consulting the public.</p></wrapUp>'
              '</subsection></section></chapter></body></act></akomaNtoso>')
    segmented = check_invariants(read(source))
    assert by_citation(segmented, "Chapter 1").heading == "Scope"
    assert "make rules;" in by_citation(segmented, "Sec. 1(2)(a)").text


# --- HTML ------------------------------------------------------------------------------------

CODE_PAGE = """<!DOCTYPE html><html><head><title>§ 1–602.03. Employees. | D.C. Law Library</title>
<style>.x { color: red }</style><script>var secret = "tracking";</script></head>
<body><nav><a href="/">Skip to main content</a></nav><header>Council banner</header>
<main><div class="h__document-title">Code of the District of Columbia</div>
<article class="content"><span class="visually-hidden">Toggle menu</span>
<h1 class="h__toc">§ 1–602.03. Employees&nbsp;of the Board.</h1>
<p>Except as provided:</p>
<p class="text-indent-1"><span class="level-num" id="/s/1-602.03#(c)">(c)</span><span
  class="level-num" id="/s/1-602.03#(c)(1)">(1)</span><span class="level-num"
  id="/s/1-602.03#(c)(1)(A)">(A)</span> The Board shall use a scale &sect; 1&#8211;2 &amp; more.</p>
<p class="text-indent-3"><span class="level-num" id="/s/1-602.03#(c)(1)(B)">(B)</span> <span
  class="level-heading">Preference. —</span> A resident gets 10 points.</p>
<p class="text-indent-1"><span class="level-num" id="/s/1-602.03#(d)">(d)</span> Repealed.</p>
<aside class="annotations"><p>(Mar. 3, 1979, D.C. Law 2-139.)</p><h4>Effect of Amendments</h4>
<p>The 2012 amendment rewrote (c).</p></aside>
</article></main><footer>Please do not scrape.</footer></body></html>"""


def test_readers_html_skips_page_furniture():
    text = read(CODE_PAGE, "html", "page.html").text
    for chrome in ("secret", "color", "Skip to main content", "Council banner", "Toggle menu",
                   "Code of the District of Columbia", "Please do not scrape"):
        assert chrome not in text
    assert text.startswith("§ 1-602.03 Employees of the Board.\nExcept as provided:\n"
                           "(c)\n(1)\n(A) The Board")


def test_readers_html_decodes_entities_at_their_source_position():
    document = read(CODE_PAGE, "html", "page.html")
    check_invariants(document)
    for decoded, written in (("§ 1–2", "&sect;"), ("–2", "&#8211;"), ("& more", "&amp;")):
        at = document.text.index(decoded)
        assert document.source.startswith(written, document.offsets[at]), decoded
    assert "Employees\u00a0of" not in document.text  # &nbsp; is white space


@pytest.mark.parametrize("citation, kind, words", [
    ("§ 1-602.03", Kind.SECTION, "Except as provided:"),  # the lead joins the section
    ("§ 1-602.03(c)(1)(A)", Kind.SUBPARAGRAPH, "The Board shall use a scale"),  # three numbers, one <p>
    ("§ 1-602.03(c)(1)(B)", Kind.SUBPARAGRAPH, "A resident gets 10 points."),
    ("§ 1-602.03(d)", Kind.SUBSECTION, "Repealed."),
    ("§ 1-602.03, notes", Kind.BACK, "Effect of Amendments\nThe 2012 amendment rewrote (c)."),
])
def test_readers_html_code_page_units(citation, kind, words):
    segmented = check_invariants(read(CODE_PAGE, "html", "page.html"))
    assert words in by_citation(segmented, citation, kind).text


def test_readers_html_page_title():
    assert read(CODE_PAGE, "html").title == "§ 1-602.03. Employees of the Board."
    plain = "<html><head><title>Ordinance 12 | City</title></head><body><p>Text.</p></body></html>"
    assert read(plain, "html").title == "Ordinance 12"


def test_readers_html_without_numbers_leaves_outline_empty():
    page = ("<html><body><h2>Purpose</h2><p>The city protects tenants.</p><ul><li>One</li>"
            "<li>Two</li></ul><table><tr><td>Fee</td><td>$5</td></tr></table></body></html>")
    document = read(page, "html")
    assert document.outline == ()
    assert document.text == "Purpose\n\nThe city protects tenants.\n\nOne\n\nTwo\n\nFee\t$5"


def test_readers_html_numbers_the_items_of_numbered_lists():
    page = ("<html><body><p>The Mayor orders:</p><ol><li>Stop the holds.</li><li>Waive fees:<ol type=\"a\">"
            "<li>late fees;</li><li>setup fees.</li></ol></li></ol><ol start=\"7\"><li>Report yearly.</li></ol>"
            "<ol><li>3. Already numbered.</li></ol><ul><li>A bullet.</li></ul></body></html>")
    document = read(page, "html")
    segmented = check_invariants(document)
    assert [line for line in document.text.splitlines() if line] == [
        "The Mayor orders:", "1. Stop the holds.", "2. Waive fees:", "(a) late fees;", "(b) setup fees.",
        "7. Report yearly.", "3. Already numbered.", "A bullet."]
    assert document.source.startswith("<li>Stop", document.offsets[document.text.index("1. Stop")])
    citations = [p.citation for p in segmented.provisions]
    assert "para. 2(b)" in citations and "para. 7" in citations


# --- properties ------------------------------------------------------------------------------

_WORDS = st.sampled_from(["The", "District", "shall", "not", "hold", "an", "individual;", "§",
                          "24-211.07", "“ICE”", "&amp;", "&#167;", "(b)", "and", "office,",
                          "Mayor.", "<cite>§ 2-534</cite>", "<em>et seq.</em>"])
_SPACES = st.sampled_from([" ", " ", "\n      ", "  "])


@st.composite
def _words(draw) -> str:
    words = draw(st.lists(_WORDS, min_size=1, max_size=10))
    return "".join(word + draw(_SPACES) for word in words).strip()


@st.composite
def _paras(draw, depth: int = 0) -> str:
    count = draw(st.integers(0 if depth else 1, 3 if depth < 3 else 0))
    labels = ("abcdefgh", "12345678", "ABCDEFGH", ["i", "ii", "iii", "iv"])[depth]
    parts = []
    for label in list(labels)[:count]:
        text = draw(st.one_of(st.just(""), _words().map(lambda w: f"<text>{w}</text>")))
        parts.append(f"<para>\n<num>({label})</num>{text}{draw(_paras(depth + 1))}</para>\n")
    return "".join(parts)


@settings(max_examples=40, deadline=None)
@given(body=_paras(), heading=_words())
def test_readers_property_xml_covers_and_maps_back(body, heading):
    source = f"<section {DC_NS}><num>1-101</num><heading>{heading}</heading>\n{body}</section>"
    check_invariants(read(source))


@settings(max_examples=40, deadline=None)
@given(paragraphs=st.lists(_words(), min_size=1, max_size=5))
def test_readers_property_html_covers_and_maps_back(paragraphs):
    body = "".join(f'<p class="text-indent-1"><span class="level-num" id="s#({chr(97 + i)})">'
                   f'({chr(97 + i)})</span> {words}</p>\n' for i, words in enumerate(paragraphs))
    check_invariants(read(f"<html><body><h3>§ 1–101. Rules.</h3>\n{body}</body></html>", "html"))


# --- real documents --------------------------------------------------------------------------

def _realdata_files() -> list[Path]:
    if not REALDATA.exists():
        return []
    return sorted(p for p in REALDATA.rglob("*") if p.suffix.lower() in (".xml", ".html"))


@pytest.mark.parametrize("path", _realdata_files(), ids=lambda p: str(p.relative_to(REALDATA)))
@pytest.mark.realdata
@pytest.mark.skipif(not REALDATA.exists(), reason="../shared/realdata is not present")
def test_readers_realdata_loads_segments_and_covers(path):
    document = load_document(path)
    check_invariants(document)
    assert document.outline and document.title


def _load(relative: str) -> Segmented:
    return segment(load_document(REALDATA / relative))


@pytest.mark.parametrize("relative, citation", [
    ("dc-detainer-24-211.07/before.xml", "§ 24-211.07(d)(1)"),  # 2012 text
    ("dc-detainer-24-211.07/after.xml", "§ 24-211.07(a)(2)"),  # moved by D.C. Law 23-282
    ("dc-detainer-24-211.07/after.html", "§ 24-211.07(a)(2)"),  # the same, from the code's website
])
@pytest.mark.realdata
@pytest.mark.skipif(not REALDATA.exists(), reason="../shared/realdata is not present")
def test_readers_realdata_detainer_office_booth_clause(relative, citation):
    provision = by_citation(_load(relative), citation)
    assert provision.is_leaf and "an office, booth, or any facility or equipment" in provision.text


@pytest.mark.realdata
@pytest.mark.skipif(not REALDATA.exists(), reason="../shared/realdata is not present")
def test_readers_realdata_code_section_xml_and_html_agree():
    xml = _load("dc-detainer-24-211.07/after.xml")
    page = _load("dc-detainer-24-211.07/after.html")
    cited = [[p.citation for p in s.provisions if p.label and p.kind not in (Kind.LEAD, Kind.HEADING)]
             for s in (xml, page)]
    assert cited[0] == cited[1] and len(cited[0]) == 20
    assert xml.document.title == page.document.title == (
        "§ 24-211.07. Prohibition on cooperation with federal immigration agencies.")


@pytest.mark.parametrize("relative, heading", [
    ("us-bills-uslm/hr2157-116-disaster-supplemental/H2157_IH.XML", "DEPARTMENT OF HOMELAND SECURITY"),
    ("us-bills-uslm/hr2157-116-disaster-supplemental/h2157_enr.XML", "GENERAL SERVICES ADMINISTRATION"),
])
@pytest.mark.realdata
@pytest.mark.skipif(not REALDATA.exists(), reason="../shared/realdata is not present")
def test_readers_realdata_hr2157_enrolled_inserts_title_v(relative, heading):
    segmented = _load(relative)
    assert by_citation(segmented, "Title V", Kind.ARTICLE).heading == heading
    assert "Pursuant to Title 17 Section 105" not in segmented.document.text  # <meta> dc:rights
    assert "GPO XPub Bill to USLM Generator" in segmented.document.source
    assert "GPO XPub Bill to USLM Generator" not in segmented.document.text


@pytest.mark.parametrize("relative, sections, fourth", [
    ("us-bills-uslm/hjres37-116-yemen-war-powers/HJ37_RH.XML", 5, "REPORT ON RISKS POSED"),
    ("us-bills-uslm/hjres37-116-yemen-war-powers/HJ37_RFS.XML", 6, "RULE OF CONSTRUCTION REGARDING"
                                                                   " INTELLIGENCE"),
])
@pytest.mark.realdata
@pytest.mark.skipif(not REALDATA.exists(), reason="../shared/realdata is not present")
def test_readers_realdata_hjres37_inserts_sec_4(relative, sections, fourth):
    segmented = _load(relative)
    assert len([p for p in segmented.provisions if p.kind == Kind.SECTION]) == sections
    assert by_citation(segmented, "Sec. 4", Kind.SECTION).heading.startswith(fourth)
    assert "Congress has the sole power" in by_citation(segmented, "Sec. 1(1)").text


@pytest.mark.realdata
@pytest.mark.skipif(not REALDATA.exists(), reason="../shared/realdata is not present")
def test_readers_realdata_budget_act_detainer_subtitle():
    segmented = _load("dc-fy2026-budget-support-act/law-26-55_permanent.xml")
    by_id = {p.id: p for p in segmented.provisions}
    section = by_citation(segmented, "Sec. 3052", Kind.SECTION)
    subtitle = by_id[section.parent]
    assert (subtitle.citation, subtitle.heading) == ("Subtitle F", "DETAINERS")
    assert by_id[subtitle.parent].citation == "Title III"
    assert "(g) Nothing in this section shall be construed to prohibit cooperation" in section.text
    assert "provided that the amendments made to" not in segmented.document.text  # codify:annotation


@pytest.mark.realdata
@pytest.mark.skipif(not REALDATA.exists(), reason="../shared/realdata is not present")
def test_readers_realdata_code_chapter_page():
    segmented = _load("dc-code-title1-ch6-merit-personnel-html/v2024-10-20.html")
    articles = {p.citation for p in segmented.provisions if p.kind == Kind.ARTICLE}
    assert {"Chapter 6", "Subchapter VII", "Subchapter VII-A", "Subchapter VIII-B"} <= articles
    assert "Board of Trustees" in by_citation(segmented, "§ 1-602.03(c)(1)(A)").text
    assert "Please do not scrape" not in segmented.document.text
    assert "Prior Codifications" in segmented.document.text  # annotations are kept
