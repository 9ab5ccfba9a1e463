"""Speech acts: what each paragraph of the declaration does, and whom it asks to act."""

from __future__ import annotations

import doctest

import pytest

from gcmkg.loaders import speech_acts as module
from gcmkg.loaders.declaration import read_declaration
from gcmkg.loaders.registry import SOURCES_DIR
from gcmkg.loaders.speech_acts import ACTORS, VERBS, actor_label, speech_acts, verb_label

SEED = SOURCES_DIR / "declarations" / "imrf-2022-zero-draft.txt"


@pytest.fixture(scope="module")
def doc():
    return read_declaration(SEED)


def _acts(doc, number):
    return [(a.verb, a.committing, a.addressee) for a in doc.paragraph(number).speech_acts]


def test_docstring_examples_run():
    assert doctest.testmod(module).failed == 0


def test_paragraph_1_heads_of_state_have_adopted(doc):
    assert _acts(doc, 1) == [("adopt", False, None)]


def test_paragraph_2_reaffirms_and_recalls(doc):
    assert _acts(doc, 2) == [("reaffirm", False, None), ("recall", False, None)]


def test_paragraph_38_commits(doc):
    assert _acts(doc, 38) == [("commit", True, None)]
    assert doc.paragraph(38).is_commitment


def test_paragraph_46_concerned_then_commits(doc):
    assert _acts(doc, 46) == [("concerned", False, None), ("commit", True, None)]
    assert doc.paragraph(46).primary_speech_act.verb == "commit"


def test_paragraph_47_invites_regional_processes(doc):
    assert _acts(doc, 47) == [("invite", True, "regional-processes")]


def test_paragraph_49_and_56_request_the_secretary_general(doc):
    assert _acts(doc, 49) == [("request", True, "secretary-general")]
    assert _acts(doc, 56) == [("request", True, "secretary-general")]


def test_paragraph_50_commits_and_encourages_member_states_and_stakeholders(doc):
    assert _acts(doc, 50) == [("commit", True, None), ("encourage", True, "member-states-and-stakeholders")]


def test_paragraph_51_welcomes_and_calls_on_the_network(doc):
    assert _acts(doc, 51) == [("welcome", False, None), ("call-on", True, "network")]


def test_paragraph_52_building_on_encourages_and_requests_the_network(doc):
    assert _acts(doc, 52) == [("encourage", True, "member-states-and-stakeholders"), ("request", True, "network")]


def test_paragraph_54_invites_the_coordinator_and_encourages_ecosoc_bodies(doc):
    assert _acts(doc, 54) == [
        ("commit", True, None),
        ("welcome", False, None),
        ("will", True, None),
        ("invite", True, "network-coordinator"),
        ("encourage", True, "ecosoc-subsidiary-bodies"),
    ]


def test_paragraph_57_requests_the_president_of_the_general_assembly(doc):
    assert _acts(doc, 57) == [("request", True, "president-of-the-general-assembly")]


def test_progress_and_gaps_paragraphs_observe_without_committing(doc):
    for number in range(21, 38):
        assert _acts(doc, number) == [("observe", False, None)], number
    assert not doc.paragraph(23).is_commitment


def test_other_forms_of_the_declaration(doc):
    assert _acts(doc, 3) == [("reaffirm", False, None)]  # "We also reaffirm"
    assert _acts(doc, 4) == [("recommit", True, None)]
    assert _acts(doc, 9) == [("commend", False, None), ("concerned", False, None)]  # "remain deeply concerned"
    assert _acts(doc, 39) == [("commit", True, None), ("commit", True, None)]  # "Building on ..., we commit"
    assert _acts(doc, 40) == [("will", True, None)]
    assert _acts(doc, 44) == [("recognize", False, None), ("commit", True, None)]  # "Recognizing ..., we commit"


def test_offsets_point_at_the_verb_in_text_order(doc):
    paragraph = doc.paragraph(52)
    offsets = [act.offset for act in paragraph.speech_acts]
    assert offsets == sorted(offsets)
    assert [paragraph.text[o : o + 9] for o in offsets] == ["encourage", "request t"]


def test_every_paragraph_has_at_least_one_act_and_most_commit_in_section_3(doc):
    assert all(p.speech_acts for p in doc.paragraphs)
    assert all(doc.paragraph(n).is_commitment for n in range(38, 58))
    assert not any(doc.paragraph(n).is_commitment for n in range(5, 38))


def test_resolution_style_paragraphs_are_read_too():
    acts = speech_acts("Requests the Secretary-General to report, and invites Member States to contribute.")
    assert [(a.verb, a.addressee) for a in acts] == [("request", "secretary-general"), ("invite", "member-states")]
    acts = speech_acts("Noting the report, we decide to act and urge all Member States to join.")
    assert [(a.verb, a.committing, a.addressee) for a in acts] == [
        ("note", False, None), ("decide", True, None), ("urge", True, "member-states")]


def test_verb_and_actor_tables_are_exposed_with_labels():
    assert VERBS["commit"].committing and VERBS["call-on"].committing
    assert not VERBS["recognize"].committing and not VERBS["observe"].committing
    assert verb_label("call-on") == "call on"
    assert actor_label("network") == "United Nations Network on Migration"
    assert {"secretary-general", "network", "president-of-the-general-assembly", "network-coordinator",
            "member-states-and-stakeholders", "regional-processes", "ecosoc-subsidiary-bodies"} <= set(ACTORS)
