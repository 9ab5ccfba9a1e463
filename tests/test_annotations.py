"""Source annotations ``*[...]*``: taken out of the text, read into one citation per reference."""

from __future__ import annotations

import doctest

import pytest

from gcmkg.loaders import annotations
from gcmkg.loaders.annotations import UnclosedAnnotation, find_annotations, parse_annotation, remove_annotations
from gcmkg.loaders.declaration import read_declaration
from gcmkg.loaders.registry import SOURCES_DIR

SEED = SOURCES_DIR / "declarations" / "imrf-2022-zero-draft.txt"


@pytest.fixture(scope="module")
def doc():
    return read_declaration(SEED)


def _cited(doc, number):
    return [(c.cited, c.symbol, c.pinpoint, c.based_on) for c in doc.paragraph(number).citations]


def test_docstring_examples_run():
    assert doctest.testmod(annotations).failed == 0


def test_paragraph_38_cites_three_documents_in_one_annotation(doc):
    assert _cited(doc, 38) == [
        ("SG report", "A/76/642", "para 98", True),
        ("76/172", "A/RES/76/172", "OP6(f)", True),
        ("A/CONF.219/2021/IPC/CRP.2", "A/CONF.219/2021/IPC/CRP.2", "para 84", True),
    ]
    annotation = "based on SG report, para 98; on 76/172, OP6(f); and A/CONF.219/2021/IPC/CRP.2, para 84"
    assert {c.annotation for c in doc.paragraph(38).citations} == {annotation}


def test_paragraph_46_cites_publications_without_symbols(doc):
    assert _cited(doc, 46) == [
        ("FFD outcome 2021", None, "para 39", True),
        ("Remittance Prices Worldwide - Issue 39, September 2021 World Bank", None, None, True),
        ("2022 FSDR", None, "page 85", True),
    ]
    assert [c.instrument for c in doc.paragraph(46).citations] == [
        "ffd-forum-outcome-2021", "remittance-prices-worldwide-39", "fsdr-2022"]


def test_paragraph_55_keeps_a_range_pinpoint_as_written(doc):
    assert _cited(doc, 55) == [("SG report", "A/76/642", "paras 104 to 106", False)]


def test_paragraph_5_splits_gcm_and_a_resolution_joined_by_and(doc):
    assert _cited(doc, 5) == [("GCM", "A/RES/73/195", "para 11", True), ("76/172", "A/RES/76/172", "pp5", True)]


def test_paragraph_4_keeps_two_paragraphs_of_the_gcm_as_one_citation(doc):
    assert _cited(doc, 4) == [("GCM", "A/RES/73/195", "para 11 and 12", True)]


def test_annotation_text_is_gone_from_the_paragraph(doc):
    assert doc.paragraph(1).text.endswith("with the participation of all relevant stakeholders, have adopted the "
                                          "following Progress Declaration.")
    assert doc.paragraph(3).text.endswith("whole-of-society approach.")


def test_names_with_and_inside_are_not_split(doc):
    assert _cited(doc, 9) == [
        ("SG report", "A/76/642", None, True),
        ("SG's Policy brief on COVID-19 and People on the Move", None, None, True),
    ]


def test_based_on_is_read_from_the_annotation_even_with_the_typo_based(doc):
    assert _cited(doc, 44) == [("SG report", "A/76/642", "para 72", True)]
    assert _cited(doc, 48) == [("SG report", "A/76/642", "para 109", False)]
    assert _cited(doc, 51) == [("SG Report", "A/76/642", "para 92", False)]


def test_every_pinpoint_form_of_the_declaration_is_kept_as_written(doc):
    pinpoints = {c.pinpoint for p in doc.paragraphs for c in p.citations}
    assert {"para 13", "OP6(f)", "pp5", "pp 19", "OP 1", "paras 104 to 106", "snapshot", "page 85", "op2",
            "OP11(g)", "OP31", "pp4", "para 8"} <= pinpoints


def test_every_citation_of_the_declaration_resolves_to_a_register_entry(doc):
    unresolved = [c.cited for p in doc.paragraphs for c in p.citations if c.instrument is None]
    assert unresolved == []
    hlpf = doc.paragraph(6).citations[0]
    assert (hlpf.cited, hlpf.symbol, hlpf.instrument) == ("HLPF 2021", None, "hlpf-2021-ministerial-declaration")


def test_annotation_before_a_comma_leaves_no_space_before_it():
    text, found = remove_annotations("stakeholders *[GCM para 49]*, have adopted")
    assert text == "stakeholders, have adopted"
    assert (found[0].start, found[0].end, found[0].text) == (13, 28, "GCM para 49")


def test_unclosed_annotation_reports_where_it_opens():
    with pytest.raises(UnclosedAnnotation) as caught:
        find_annotations("one *[GCM para 1]* two *[based on SG report")
    assert caught.value.offset == 23
    with pytest.raises(UnclosedAnnotation):
        find_annotations("*[GCM *[SG report]*")


def test_unknown_names_split_at_a_pinpoint_and_keep_no_symbol():
    cited = [(c.cited, c.symbol, c.pinpoint, c.instrument) for c in parse_annotation(
        "based on Harbour Study 2019, page 12 and Coastal Charter; E/2021/33, para 4")]
    assert cited == [
        ("Harbour Study 2019", None, "page 12", None),
        ("Coastal Charter", None, None, None),
        ("E/2021/33", "E/2021/33", "para 4", None),
    ]


def test_citation_spans_are_given_by_the_caller():
    found = parse_annotation("SG report, para 1; GCM", locate=lambda s, e: (s, e))
    assert [c.span for c in found] == [(0, 17), (19, 22)]
