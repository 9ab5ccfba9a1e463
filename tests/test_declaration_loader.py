"""The declaration parser on the real zero draft, on a synthetic declaration, and on bad input."""

from __future__ import annotations

import doctest
import hashlib
import re
from pathlib import Path

import pytest

from gcmkg.errors import SourceError
from gcmkg.loaders import declaration
from gcmkg.loaders.declaration import parse_declaration, read_declaration
from gcmkg.loaders.registry import SOURCES_DIR

SEED = SOURCES_DIR / "declarations" / "imrf-2022-zero-draft.txt"
SYNTHETIC = Path(__file__).parent / "data" / "synthetic-coastal-declaration.txt"
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"

# Copied from the source, each half of the paragraph joined with one space across the page break.
PARA_18 = (
    "We recognize the many efforts and progress made and the good practices that have emerged in "
    "implementing the Global Compact, including in the response to the COVID-19 pandemic, by local and "
    "national governments, the UN system and other international organizations, migrants, diasporas, "
    "local communities, civil society, academia, the private sector, parliamentarians, trade unions, "
    "national human rights institutions, the media, local humanitarian actors and other relevant stakeholders."
)
PARA_23 = (
    "The interactions between climate change and migration present increasing challenges. Climatic "
    "conditions, events and variability are important drivers of migration, with migration responses to "
    "specific climate hazards being strongly influenced by economic, social, political and demographic "
    "processes. Efforts to mitigate and adapt to the effects of climate change have been insufficient, as "
    "acknowledged by the twenty-sixth session of the Conference of the Parties to the United Nations "
    "Framework Convention on Climate Change and as part of the Glasgow Climate Pact. The responses to the "
    "COVID-19 pandemic and the impact of climate change and other systemic shocks have laid bare the gaps "
    "that remain in anticipating and preparing for risks and threats that might trigger future migratory movements."
)
PARA_38 = (
    "We commit to building on the promising practices that emerged in the response to the COVID-19 "
    "pandemic to harness the benefits of safe, orderly and regular migration and to promoting inclusive "
    "access to basic social protection services for migrants, including by ensuring that all migrants, "
    "regardless of their migration status, are granted access to essential services and continuity of "
    "care, such as COVID-19 vaccinations, testing and treatment in line with the principles of universal "
    "health coverage, and by ensuring that no one is left behind in combatting and recovering from the "
    "COVID-19 pandemic and achieving the 2030 Agenda for Sustainable Development, including by ensuring "
    "the meaningful participation of migrants in the COVID-19 response and recovery."
)
PARA_52 = (
    "Building on the pledging initiative of the Network, we encourage Member States and stakeholders to "
    "make pledges in the lead-up, during and following the forum and, in this regard, request the Network "
    "to provide support to Member States and stakeholders in their implementation of their pledges, as appropriate."
)


@pytest.fixture(scope="module")
def doc():
    return read_declaration(SEED)


@pytest.fixture(scope="module")
def synthetic():
    return read_declaration(SYNTHETIC)


def test_docstring_examples_run():
    assert doctest.testmod(declaration).failed == 0


def test_title_subtitle_and_iso_date_come_from_the_title_lines(doc):
    assert doc.title == "International Migration Review Forum Progress Declaration"
    assert doc.subtitle == "Zero draft"
    assert doc.date == "2022-03-17"


def test_slug_is_the_file_stem_and_sha256_is_of_the_file_bytes(doc):
    assert doc.slug == "imrf-2022-zero-draft"
    assert doc.sha256 == hashlib.sha256(SEED.read_bytes()).hexdigest()
    assert doc.text == SEED.read_text(encoding="utf-8")
    text = SEED.read_text(encoding="utf-8")
    assert parse_declaration(text).sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_fifty_seven_paragraphs_numbered_one_to_fifty_seven(doc):
    assert [p.number for p in doc.paragraphs] == list(range(1, 58))


def test_preamble_then_three_sections_with_four_round_tables_in_the_second(doc):
    keys = [(s.key, s.kind, s.parent, s.number) for s in doc.sections]
    assert keys == [
        ("preamble", "preamble", None, None),
        ("sec_1", "section", None, 1),
        ("sec_2", "section", None, 2),
        ("sec_2__subsec_1", "round_table", "sec_2", 1),
        ("sec_2__subsec_2", "round_table", "sec_2", 2),
        ("sec_2__subsec_3", "round_table", "sec_2", 3),
        ("sec_2__subsec_4", "round_table", "sec_2", 4),
        ("sec_3", "section", None, 3),
    ]
    headings = {s.key: s.heading for s in doc.sections}
    assert headings["sec_1"] == "Introduction"
    assert headings["sec_2"] == "Progress, challenges and gaps in the implementation of the Global Compact"
    assert headings["sec_3"] == "Recommendations to accelerate the implementation of the Global Compact"
    assert headings["sec_2__subsec_1"] == "Round table 1 (objectives 2, 5, 6, 12 and 18)"


def test_round_tables_carry_their_objectives_and_footnote_markers(doc):
    tables = {s.number: s for s in doc.sections if s.kind == "round_table"}
    assert tables[1].objectives == (2, 5, 6, 12, 18)
    assert tables[2].objectives == (4, 8, 9, 10, 11, 13, 21)
    assert tables[3].objectives == (14, 15, 16, 19, 20, 22)
    assert tables[4].objectives == (1, 3, 7, 17, 23)
    assert [tables[n].footnote_markers for n in (1, 2, 3, 4)] == [("1",), ("2",), ("3",), ("4",)]
    covered = sorted(n for t in tables.values() for n in t.objectives)
    assert covered == list(range(1, 24))


def test_each_paragraph_belongs_to_its_innermost_section(doc):
    expected = {1: "preamble", 2: "sec_1", 17: "sec_1", 18: "sec_2", 20: "sec_2", 21: "sec_2__subsec_1",
                24: "sec_2__subsec_1", 25: "sec_2__subsec_2", 29: "sec_2__subsec_2", 31: "sec_2__subsec_3",
                34: "sec_2__subsec_3", 35: "sec_2__subsec_4", 37: "sec_2__subsec_4", 38: "sec_3", 57: "sec_3"}
    assert {n: doc.paragraph(n).section for n in expected} == expected


@pytest.mark.parametrize("number, expected", [(18, PARA_18), (23, PARA_23), (38, PARA_38), (52, PARA_52)])
def test_paragraph_split_by_page_break_and_footnote_is_rejoined_exactly(doc, number, expected):
    assert doc.paragraph(number).text == expected


def test_footnote_text_never_leaks_into_a_paragraph(doc):
    for paragraph in doc.paragraphs:
        for footnote in doc.footnotes:
            assert footnote.text[:40] not in paragraph.text
        assert "Objective 2:" not in paragraph.text


def test_five_footnotes_linked_to_round_tables_and_paragraph_52(doc):
    assert [f.marker for f in doc.footnotes] == ["1", "2", "3", "4", "5"]
    assert doc.footnotes[4].text == (
        "The Network organized a pledging initiative in the context of the first International "
        "Migration Review Forum to support the further implementation of the Global Compact."
    )
    assert doc.footnotes[0].text.startswith("Objective 2: Minimize the adverse drivers")
    assert doc.paragraph(52).footnote_markers == ("5",)
    assert [p.number for p in doc.paragraphs if p.footnote_markers] == [52]


def test_twenty_three_objectives_with_their_official_titles(doc):
    assert sorted(doc.objectives) == list(range(1, 24))
    assert doc.objectives[2] == (
        "Minimize the adverse drivers and structural factors that compel people to leave their country of origin"
    )
    assert doc.objectives[20] == (
        "Promote faster, safer and cheaper transfer of remittances and foster financial inclusion of migrants"
    )
    assert doc.objectives[23] == (
        "Strengthen international cooperation and global partnerships for safe, orderly and regular migration"
    )


def test_ten_guiding_principles_from_paragraph_3_in_order(doc):
    assert doc.principles_paragraph == 3
    assert doc.principles == [
        "people-centred", "international cooperation", "national sovereignty", "rule of law and due process",
        "sustainable development", "human rights", "gender-responsive", "child-sensitive",
        "whole-of-government approach", "whole-of-society approach",
    ]


def test_texts_have_no_italics_brackets_superscripts_or_double_spaces(doc):
    texts = [p.text for p in doc.paragraphs] + [s.heading for s in doc.sections] + [f.text for f in doc.footnotes]
    for text in texts:
        assert not re.search(f"[*\\[\\]{SUPERSCRIPTS}]", text), text
        assert "  " not in text and text == text.strip()


def test_paragraph_spans_start_at_the_number_and_hold_the_first_words(doc):
    for paragraph in doc.paragraphs:
        printed = doc.text[paragraph.span.start : paragraph.span.end]
        assert printed.startswith(f"{paragraph.number}. ")
        assert paragraph.text[:30] in printed
    assert (doc.paragraph(38).span.line, doc.paragraph(38).span.end_line) == (105, 109)
    assert doc.text[doc.paragraph(38).span.end - 2 : doc.paragraph(38).span.end] == "]*"


def test_heading_footnote_and_citation_spans_point_at_their_source(doc):
    round_table = doc.sections[3]
    assert doc.text[round_table.span.start : round_table.span.end] == "Round table 1 (objectives 2, 5, 6, 12 and 18)¹"
    assert round_table.span.line == 53
    fifth = doc.footnotes[4]
    assert doc.text[fifth.span.start : fifth.span.end].startswith("⁵ The Network organized")
    assert fifth.span.line == 139
    for paragraph in doc.paragraphs:
        for citation in paragraph.citations:
            assert doc.text[citation.span.start : citation.span.end].startswith(citation.cited)


def test_twenty_three_annotations_become_citations(doc):
    annotated = [p.number for p in doc.paragraphs if p.citations]
    assert len(annotated) == 23
    # two references in paragraphs 5, 9, 12, 40, 45; three in 38 and 46
    assert sum(len(p.citations) for p in doc.paragraphs) == 23 + 5 + 2 * 2


def test_windows_line_ends_and_form_feeds_change_nothing_but_offsets(doc):
    text = doc.text.replace("\n\n¹ Objective", "\n\f\n¹ Objective").replace("\n", "\r\n")
    other = parse_declaration(text, slug="crlf")
    assert [p.text for p in other.paragraphs] == [p.text for p in doc.paragraphs]
    assert other.paragraph(23).text == PARA_23
    assert other.text[other.paragraph(23).span.start :].startswith("23. The interactions")


def test_a_minimal_declaration_parses():
    doc = parse_declaration("Title\n\n1. We commit to act.\n", slug="demo")
    assert (doc.title, doc.slug, doc.paragraph(1).text, doc.paragraph(1).section) == (
        "Title", "demo", "We commit to act.", "preamble")


# The synthetic declaration (tests/data/README.md): other headings, footnotes and annotations.


def test_synthetic_roman_and_lettered_headings_nest(synthetic):
    sections = [(s.key, s.heading, s.kind, s.parent, s.number, s.footnote_markers) for s in synthetic.sections]
    assert sections == [
        ("preamble", "", "preamble", None, None, ()),
        ("sec_1", "I. Commitments of Member States", "section", None, 1, ()),
        ("sec_1__subsec_1", "A. Data and knowledge", "section", "sec_1", 1, ()),
        ("sec_1__subsec_2", "B. Finance", "section", "sec_1", 2, ("10",)),
        ("sec_2", "II. Follow-up", "section", None, 2, ()),
        ("sec_2__subsec_1", "Round table 1 (objectives 1 and 2)", "round_table", "sec_2", 1, ("12",)),
    ]
    assert [p.section for p in synthetic.paragraphs] == [
        "preamble", "sec_1__subsec_1", "sec_1__subsec_1", "sec_1__subsec_2", "sec_2", "sec_2__subsec_1"]


def test_synthetic_page_break_with_multi_digit_footnotes_in_the_middle(synthetic):
    paragraph = synthetic.paragraph(4)
    assert paragraph.text == (
        "We will mobilize resources for coastal adaptation, including through regional funds, and we "
        "encourage Member States and stakeholders to support local authorities in preparing projects "
        "that can be financed."
    )
    assert paragraph.footnote_markers == ("11",)
    assert [(f.marker, f.text) for f in synthetic.footnotes[:2]] == [
        ("10", "Section B of this synthetic text draws on an invented finance note."),
        ("11", "Regional funds are listed in the Synthetic Fund Directory."),
    ]


def test_synthetic_title_objectives_principles_and_sub_items(synthetic):
    assert (synthetic.title, synthetic.subtitle, synthetic.date) == (
        "Synthetic Declaration on Coastal Resilience", "Revised draft", "2023-02-03")
    assert synthetic.objectives == {1: "Map coastal hazards", 2: "Finance local adaptation"}
    assert synthetic.principles == ["shared responsibility", "local ownership", "science-based action", "transparency"]
    assert synthetic.paragraph(6).text == (
        "We decide that the round table shall: (a) assess progress in mapping coastal hazards; "
        "(b) identify gaps in local finance."
    )


def test_synthetic_annotations_keep_unknown_names_as_written(synthetic):
    cited = [(c.cited, c.symbol, c.pinpoint, c.instrument) for c in synthetic.paragraph(2).citations]
    assert cited == [("70/1", "A/RES/70/1", "pp 3", "agenda-2030"), ("Harbour Study 2019", None, "page 12", None)]
    first = [(c.cited, c.pinpoint, c.based_on) for c in synthetic.paragraph(1).citations]
    assert first == [("Coastal Charter", "para 2", True), ("Harbour Study 2019", None, True)]


# Refusals: every one names the file and the line.


def _refused(tmp_path: Path, content: bytes | str, name: str = "bad.txt") -> SourceError:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    with pytest.raises(SourceError) as caught:
        read_declaration(path)
    assert caught.value.path == str(path)
    return caught.value


def _seed_with(old: str, new: str) -> str:
    text = SEED.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize("content", [b"", b"\n  \n\t\n"])
def test_empty_file_is_refused(tmp_path, content):
    assert _refused(tmp_path, content).line == 1


def test_binary_file_is_refused_at_the_line_of_its_first_nul(tmp_path):
    error = _refused(tmp_path, b"Title\n\n1. We act.\x00\x01\n")
    assert error.line == 3 and "binary" in error.message


def test_non_utf8_file_is_refused_at_the_line_of_the_first_bad_byte(tmp_path):
    data = SEED.read_bytes().replace("Round table 2".encode(), b"Round \xff table 2", 1)
    error = _refused(tmp_path, data)
    assert error.line == 67 and "UTF-8" in error.message


def test_repeated_paragraph_number_is_refused(tmp_path):
    error = _refused(tmp_path, _seed_with("\n24. The lack", "\n23. The lack"))
    assert error.line == 65 and "repeats" in error.message


def test_skipped_paragraph_number_is_refused(tmp_path):
    error = _refused(tmp_path, _seed_with("\n24. The lack", "\n25. The lack"))
    assert error.line == 65 and "skips" in error.message


def test_unclosed_annotation_is_refused_at_its_line(tmp_path):
    error = _refused(tmp_path, _seed_with("*[based on SG report para 13]*", "*[based on SG report para 13"))
    assert error.line == 49 and "not closed" in error.message


def test_round_table_whose_footnote_lists_other_objectives_is_refused(tmp_path):
    error = _refused(tmp_path, _seed_with("(objectives 2, 5, 6, 12 and 18)", "(objectives 2, 5, 6, 12 and 19)"))
    assert error.line == 53 and "objectives" in error.message


def test_marker_without_footnote_is_refused(tmp_path):
    error = _refused(tmp_path, _seed_with("Network,⁵ we", "Network,⁶ we"))
    assert error.line == 137 and "no footnote" in error.message


def test_footnote_without_marker_is_refused(tmp_path):
    error = _refused(tmp_path, _seed_with("Network,⁵ we", "Network, we"))
    assert error.line == 139 and "not referenced" in error.message


def test_footnote_printed_twice_is_refused(tmp_path):
    error = _refused(tmp_path, "Title\n\n1. We act.¹\n\n¹ One.\n¹ Again.\n")
    assert error.line == 6 and "twice" in error.message


def test_text_without_title_or_paragraphs_is_refused(tmp_path):
    assert _refused(tmp_path, "1. We act.\n").line == 1
    assert "no numbered paragraph" in _refused(tmp_path, "Title\n\nJust a heading\n").message


def test_unnumbered_running_text_after_a_closed_paragraph_is_refused(tmp_path):
    # a lost paragraph number: the line reads as a sentence, so it can be neither heading nor continuation
    error = _refused(tmp_path, _seed_with("\n24. The lack", "\nThe lack"))
    assert error.line == 65 and "neither a heading nor a continuation" in error.message
