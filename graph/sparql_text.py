"""What gcm-kg reads off a SPARQL text without parsing it: its form, whether it calls SERVICE, and
where parameters can be bound for a server that has no SEP-0007 substitutions.

A small tokenizer that skips comments, IRIs and string literals, so that ``"SERVICE"`` in a
literal or ``ex:service`` as a prefixed name is not a SERVICE call. It does not validate: the
store's parser does that and its message goes back to the client.

>>> query_form("PREFIX ex: <http://ex/> # SELECT?\\nASK { ex:a ?p ?o }")
'ASK'
>>> calls_service('SELECT * { ?s ?p "SERVICE <http://x>" }')
False
>>> calls_service("SELECT * { service <http://example.org/sparql> { ?s ?p ?o } }")
True
>>> import pyoxigraph as ox
>>> bind_values("SELECT ?s { ?s ?p ?_o }", {ox.Variable("_o"): ox.Literal("x", language="en")})
'SELECT ?s { VALUES (?_o) { ("x"@en) } ?s ?p ?_o }'
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Mapping

import pyoxigraph as ox

TOKEN = re.compile(
    r"""
      (?P<comment>\#[^\n\r]*)
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
                 |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
    | (?P<variable>[?$][A-Za-z0-9_\u00b7\u00c0-\uffff]+)
    | (?P<word>[A-Za-z_\u00c0-\uffff][\w.\-\u00b7\u00c0-\uffff]*(?::[\w.\-:%\u00b7\u00c0-\uffff]*)?
               |:[\w.\-:%\u00b7\u00c0-\uffff]*)
    | (?P<other>\S)
    """,
    re.X | re.S,
)
FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
CACHED_LENGTH = 8192


def keywords(text: str):
    """The bare words of ``text`` (no prefixed names), upper-cased, in order."""
    for match in TOKEN.finditer(text):
        word = match.group("word")
        if word and ":" not in word:
            yield word.upper()


def query_form(text: str) -> str | None:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``: the first of them outside the prologue; ``None`` if none."""
    return _cached_form(text) if len(text) <= CACHED_LENGTH else _form(text)


def calls_service(text: str) -> bool:
    """Whether the query or update has a ``SERVICE`` clause (a federated call to another endpoint)."""
    return _cached_service(text) if len(text) <= CACHED_LENGTH else _service(text)


def _form(text: str) -> str | None:
    for word in keywords(text):
        if word in FORMS:
            return word
    return None


def _service(text: str) -> bool:
    return "SERVICE" in keywords(text) if re.search("service", text, re.I) else False


# the same queries come again and again: read each (short) text once
_cached_form = lru_cache(maxsize=1024)(_form)
_cached_service = lru_cache(maxsize=1024)(_service)


def bind_values(text: str, bindings: Mapping[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal]) -> str:
    """``text`` with a one-row ``VALUES`` block opening its WHERE group, binding each variable to its term.

    The terms are written in N-Triples syntax by pyoxigraph, never pasted from user text, so a value
    cannot change the query's shape. Filters and OPTIONALs of the WHERE group see the bound values;
    sub-queries do not (none of the named queries binds a parameter inside one), nor does the short
    ``CONSTRUCT WHERE`` form.
    """
    if not bindings:
        return text
    where = _where_group_start(text)
    if where is None:
        raise ValueError("cannot bind parameters: the query has no WHERE group")
    names = " ".join(str(variable) for variable in bindings)
    values = " ".join(str(term) for term in bindings.values())
    return f"{text[:where]} VALUES ({names}) {{ ({values}) }}{text[where:]}"


def _where_group_start(text: str) -> int | None:
    """The offset just after the ``{`` that opens the query's WHERE group (a CONSTRUCT template is skipped)."""
    depth, previous = 0, None
    for match in TOKEN.finditer(text):
        if match.group("comment"):
            continue
        token = match.group(0)
        if token == "{":
            if depth == 0 and previous != "CONSTRUCT":
                return match.end()
            depth += 1
        elif token == "}":
            depth -= 1
        previous = token.upper()
    return None
