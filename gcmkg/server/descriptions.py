"""What the pages say about the graph and its resources, gathered with SPARQL through ``GraphService``.

Each function returns plain dicts and lists for a template; the IRI of the resource is bound as
an RDF term (``?x``), never pasted into the query text.

>>> short("https://w3id.org/gcmkg/ontology#advances"), short("http://metadata.un.org/sdg/ontology#Target")
('gcmkg:advances', 'sdgo:Target')
>>> framework_key("https://w3id.org/gcmkg/graph/agenda-2030")
'agenda-2030'
"""

from __future__ import annotations

import json

import pyoxigraph as ox

from ..graph.alignments import BASES, SUGGESTION_BASES
from .results import PREFIXES
from .service import GraphService

PROLOGUE = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())
LABEL = 'OPTIONAL {{ {0} rdfs:label|skos:prefLabel|dcterms:title ?{1} FILTER(LANG(?{1}) IN ("en", "")) }}'
GRAPH_BASE = "https://w3id.org/gcmkg/graph/"
DERIVED = ("alignment", "inferred", "build", "ontology")

OUT = PROLOGUE + f"""SELECT ?x ?p ?o ?g (SAMPLE(?l) AS ?label) WHERE {{
  GRAPH ?g {{ ?x ?p ?o }} {LABEL.format("?o", "l")}
}} GROUP BY ?x ?p ?o ?g ORDER BY ?p ?o LIMIT 1000"""
IN = PROLOGUE + f"""SELECT ?x ?s ?p ?g (SAMPLE(?l) AS ?label) WHERE {{
  GRAPH ?g {{ ?s ?p ?x }} FILTER(?p NOT IN (gcmkg:alignmentSource, gcmkg:alignmentTarget)) {LABEL.format("?s", "l")}
}} GROUP BY ?x ?s ?p ?g ORDER BY ?p ?s LIMIT 500"""
ALIGNMENTS = PROLOGUE + f"""SELECT ?x ?a ?source ?target ?relation ?basis ?score ?evidence ?method ?start ?end
       (SAMPLE(?sl) AS ?sourceLabel) (SAMPLE(?tl) AS ?targetLabel) WHERE {{
  {{ ?a gcmkg:alignmentSource ?x }} UNION {{ ?a gcmkg:alignmentTarget ?x }}
  ?a gcmkg:alignmentSource ?source ; gcmkg:alignmentTarget ?target ; gcmkg:basis ?basis ; gcmkg:score ?score .
  OPTIONAL {{ ?a rdf:predicate ?relation }} OPTIONAL {{ ?a gcmkg:evidence ?evidence }}
  OPTIONAL {{ ?a prov:wasGeneratedBy/rdfs:label ?method }}
  OPTIONAL {{ ?a gcmkg:startOffset ?start ; gcmkg:endOffset ?end }}
  {LABEL.format("?source", "sl")} {LABEL.format("?target", "tl")}
}} GROUP BY ?x ?a ?source ?target ?relation ?basis ?score ?evidence ?method ?start ?end
ORDER BY DESC(?score) ?target LIMIT 500"""
DOCUMENT_PARAGRAPHS = PROLOGUE + f"""SELECT ?x ?paragraph ?number ?label ?section ?sectionLabel ?at ?text WHERE {{
  ?paragraph a gcmkg:Paragraph ; gcmkg:inDocument ?x ; gcmkg:paragraphNumber ?number .
  OPTIONAL {{ ?paragraph rdfs:label ?label }} OPTIONAL {{ ?paragraph gcmkg:startOffset ?at }}
  OPTIONAL {{ ?paragraph gcmkg:text ?text }}
  OPTIONAL {{ GRAPH ?g {{ ?paragraph gcmkg:inSection|gcmkg:partOf ?section }}
             FILTER(?g != <{GRAPH_BASE}inferred> && ?section != ?x) {LABEL.format("?section", "sectionLabel")} }}
}} ORDER BY ?at ?number"""
SECTIONS = PROLOGUE + """SELECT ?x ?section ?label ?parent ?objective ?objectiveLabel ?at WHERE {
  ?section a gcmkg:Section ; gcmkg:inDocument ?x ; rdfs:label ?label .
  OPTIONAL { ?section gcmkg:inSection ?parent } OPTIONAL { ?section gcmkg:startOffset ?at }
  OPTIONAL { ?section gcmkg:coversObjective ?objective . ?objective rdfs:label ?objectiveLabel }
} ORDER BY ?at ?section"""
CITATIONS = PROLOGUE + f"""SELECT ?x ?citation ?citedAs ?pinpoint ?annotation ?cited ?citedLabel ?symbol WHERE {{
  ?x gcmkg:hasCitation ?citation . ?citation gcmkg:citedAs ?citedAs ; gcmkg:citedDocument ?cited .
  OPTIONAL {{ ?citation gcmkg:pinpoint ?pinpoint }} OPTIONAL {{ ?citation gcmkg:annotation ?annotation }}
  OPTIONAL {{ ?citation gcmkg:startOffset ?at }} OPTIONAL {{ ?cited dcterms:identifier ?symbol }}
  {LABEL.format("?cited", "citedLabel")}
}} ORDER BY ?at"""
PLACE = PROLOGUE + f"""SELECT ?x ?number ?doc ?docLabel ?section ?sectionLabel ?outer ?outerLabel WHERE {{
  ?x gcmkg:inDocument ?doc . OPTIONAL {{ ?x gcmkg:paragraphNumber ?number }} {LABEL.format("?doc", "docLabel")}
  OPTIONAL {{ GRAPH ?g {{ ?x gcmkg:inSection|gcmkg:partOf ?section }}
             FILTER(?section != ?doc && ?g != <{GRAPH_BASE}inferred>)
             {LABEL.format("?section", "sectionLabel")}
             OPTIONAL {{ GRAPH ?h {{ ?section gcmkg:inSection|gcmkg:partOf ?outer }}
                        FILTER(?outer != ?doc && ?h != <{GRAPH_BASE}inferred>)
                        {LABEL.format("?outer", "outerLabel")} }} }}
}} LIMIT 20"""
FOOTNOTES = PROLOGUE + """SELECT ?x ?footnote ?marker ?text WHERE {
  ?x gcmkg:hasFootnote ?footnote . ?footnote gcmkg:marker ?marker ; gcmkg:text ?text .
} ORDER BY ?marker"""
ADVANCED_BY = PROLOGUE + """SELECT ?x ?paragraph ?number ?text ?basis ?score ?evidence (SAMPLE(?l) AS ?label) WHERE {
  ?paragraph gcmkg:advances ?x .
  OPTIONAL { ?paragraph gcmkg:paragraphNumber ?number } OPTIONAL { ?paragraph gcmkg:text ?text }
  OPTIONAL { ?paragraph rdfs:label ?l }
  OPTIONAL { ?a gcmkg:alignmentSource ?paragraph ; gcmkg:alignmentTarget ?x ; rdf:predicate gcmkg:advances ;
             gcmkg:basis ?basis ; gcmkg:score ?score . OPTIONAL { ?a gcmkg:evidence ?evidence } }
} GROUP BY ?x ?paragraph ?number ?text ?basis ?score ?evidence ORDER BY DESC(?score) ?number"""
ALIGNED_WITH = PROLOGUE + f"""SELECT ?x ?target ?relation ?via ?g (SAMPLE(?l) AS ?label) (MAX(?s) AS ?score)
       (GROUP_CONCAT(DISTINCT STRAFTER(STR(?basis), "/basis/"); separator=", ") AS ?bases) WHERE {{
  ?via gcmkg:partOf* ?x . ?via ?relation ?target .
  VALUES ?relation {{ gcmkg:alignsWith gcmkg:mentions gcmkg:contributesTo }}
  OPTIONAL {{ GRAPH ?g {{ ?target a ?type }} FILTER(STRAFTER(STR(?g), "/graph/") NOT IN ("alignment", "inferred")) }}
  OPTIONAL {{ ?a gcmkg:alignmentSource ?via ; gcmkg:alignmentTarget ?target ; gcmkg:basis ?basis ; gcmkg:score ?s }}
  {LABEL.format("?target", "l")}
}} GROUP BY ?x ?target ?relation ?via ?g ORDER BY ?g ?target"""

FRAMEWORK_TITLES = PROLOGUE + f"""SELECT ?key (SAMPLE(?t) AS ?title) WHERE {{
  GRAPH ?g {{ ?doc a ?type ; dcterms:title ?t }}
  FILTER(STRSTARTS(STR(?doc), "{PREFIXES['id']}doc/") && LANG(?t) IN ("en", ""))
  BIND(STRAFTER(STR(?doc), "/doc/") AS ?key) FILTER(?key = STRAFTER(STR(?g), "/graph/"))
}} GROUP BY ?key"""


def short(iri: str) -> str:
    """``prefix:local`` for an IRI under a known prefix, else the IRI."""
    matches = [(len(base), name, base) for name, base in PREFIXES.items() if iri.startswith(base) and iri != base]
    if not matches:
        return iri
    _, name, base = max(matches)  # the longest namespace: sdgo:Target, not sdg:ontology#Target
    return f"{name}:{iri[len(base):]}"


def framework_key(graph: str | None) -> str:
    """The name of the source graph a node lives in (``agenda-2030``): the framework it belongs to."""
    return graph[len(GRAPH_BASE):] if graph and graph.startswith(GRAPH_BASE) else (graph or "")


def value(row: dict, name: str, default=None):
    """The plain value of a SPARQL-JSON binding, or ``default`` when unbound."""
    return row[name]["value"] if name in row else default


async def _rows(service: GraphService, query: str, iri: str) -> list[dict]:
    return await service.rows(query, {"x": ox.NamedNode(iri)})


async def describe(service: GraphService, iri: str) -> dict:
    """Everything about one resource: its statements out and in, by predicate, and its alignments."""
    out, incoming, alignments = (await _rows(service, OUT, iri), await _rows(service, IN, iri),
                                 await _rows(service, ALIGNMENTS, iri))
    types = sorted({value(r, "o") for r in out if value(r, "p") == PREFIXES["rdf"] + "type"})
    links = [{k: value(r, k) for k in r} for r in alignments]
    labels = [r["o"] for r in out if short(value(r, "p")) in ("rdfs:label", "skos:prefLabel", "dcterms:title")]
    english = sorted((t["value"] for t in labels if t.get("xml:lang") in (None, "en")), key=len)
    titles = [r["o"]["value"] for r in out if short(value(r, "p")) == "skos:prefLabel"
              and r["o"].get("xml:lang") in (None, "en")]
    label = english[0] if english else short(iri)
    return {
        "iri": iri, "types": types, "label": label,
        "title": titles[0] if titles and titles[0] != label else None,
        "text": next((value(r, "o") for r in out if short(value(r, "p")) == "gcmkg:text"), None),
        "out": _by_predicate(out, "o"), "in": _by_predicate(incoming, "s"),
        "alignments": [link for link in links if not is_suggestion(link)],
        "suggestions": [link for link in links if is_suggestion(link)], "found": bool(out or incoming),
    }


def _by_predicate(rows: list[dict], node: str) -> list[tuple[str, list[dict]]]:
    """Statements grouped by predicate; a statement found in several graphs is listed once, with each graph."""
    grouped: dict[str, dict[str, dict]] = {}
    for row in rows:
        items = grouped.setdefault(value(row, "p"), {})
        key = json.dumps(row[node], sort_keys=True)
        item = items.setdefault(key, {"term": row[node], "label": value(row, "label"), "graphs": []})
        item["graphs"].append(framework_key(value(row, "g")))
    return [(predicate, list(items.values())) for predicate, items in grouped.items()]


def is_suggestion(link: dict) -> bool:
    """A text-similarity link is a suggestion with a score, never a fact; every other basis is accepted."""
    return (link.get("basis") or "").rsplit("/", 1)[-1] in SUGGESTION_BASES


async def paragraph(service: GraphService, iri: str, description: dict) -> dict:
    """A paragraph in its document: number, where it stands, neighbours, citations, footnotes, marked evidence."""
    place = await _rows(service, PLACE, iri)
    first = {k: value(place[0], k) for k in place[0]} if place else {}
    crumbs = [(first.get("doc"), first.get("docLabel"))] if first.get("doc") else []
    for row in place:
        for node, label in (("outer", "outerLabel"), ("section", "sectionLabel")):
            pair = (value(row, node), value(row, label))
            if pair[0] and pair not in crumbs:
                crumbs.append(pair)
    siblings = await _paragraphs(service, first["doc"]) if first.get("doc") else []
    order = [row["paragraph"] for row in siblings]
    at = order.index(iri) if iri in order else -1
    citations = [{k: value(r, k) for k in r} for r in await _rows(service, CITATIONS, iri)]
    return {
        "number": first.get("number"), "crumbs": crumbs,
        "previous": siblings[at - 1] if at > 0 else None,
        "next": siblings[at + 1] if 0 <= at < len(siblings) - 1 else None,
        "citations": citations,
        "annotation": next((c["annotation"] for c in citations if c.get("annotation")), None),
        "footnotes": [{k: value(r, k) for k in r} for r in await _rows(service, FOOTNOTES, iri)],
        "pieces": marked_text(description["text"] or "", description["alignments"], iri),
    }


def marked_text(text: str, alignments: list[dict], iri: str) -> list[tuple[str, dict | None]]:
    """The text cut into pieces, each evidence span of this paragraph's alignments marked with its link.

    >>> marked_text("We align with the Paris Agreement.", [{"source": "p", "target": "t", "start": "18",
    ...     "end": "33", "evidence": "Paris Agreement"}], "p")[1][0]
    'Paris Agreement'
    """
    spans = []
    for link in alignments:
        start, end = link.get("start"), link.get("end")
        if link.get("source") == iri and start is not None and end is not None:
            start, end = int(start), int(end)
            if 0 <= start < end <= len(text) and text[start:end] == link.get("evidence"):
                spans.append((start, end, link))
    pieces, cursor = [], 0
    for start, end, link in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start < cursor:
            continue  # overlapping evidence: the first span wins
        pieces += [(text[cursor:start], None), (text[start:end], link)]
        cursor = end
    return [piece for piece in pieces + [(text[cursor:], None)] if piece[0]]


async def _paragraphs(service: GraphService, document_iri: str) -> list[dict]:
    """The paragraphs of a document in reading order, each once, with the section it stands in."""
    seen: dict[str, dict] = {}
    for row in await _rows(service, DOCUMENT_PARAGRAPHS, document_iri):
        seen.setdefault(value(row, "paragraph"), {k: value(row, k) for k in row})
    return list(seen.values())


def _number(iri: str) -> tuple:
    tail = iri.rsplit("/", 1)[-1]
    return (0, int(tail), "") if tail.isdigit() else (1, 0, tail)


async def document(service: GraphService, iri: str) -> dict:
    """A document's table of contents: its sections (with the objectives each round table covers) and paragraphs."""
    sections: dict[str, dict] = {}
    for row in await _rows(service, SECTIONS, iri):
        entry = sections.setdefault(value(row, "section"), {
            "iri": value(row, "section"), "label": value(row, "label"), "parent": value(row, "parent"),
            "objectives": [], "paragraphs": []})
        if "objective" in row and value(row, "objective") not in [o[0] for o in entry["objectives"]]:
            entry["objectives"].append((value(row, "objective"), value(row, "objectiveLabel")))
    loose: list[dict] = []
    for item in await _paragraphs(service, iri):
        sections.get(item.get("section"), {"paragraphs": loose})["paragraphs"].append(item)
    for entry in sections.values():
        entry["objectives"].sort(key=lambda pair: _number(pair[0]))
    return {"sections": list(sections.values()), "paragraphs": loose}


async def objective(service: GraphService, iri: str) -> dict:
    """An objective: the paragraphs that advance it (strongest basis each), what it aligns with by framework."""
    advanced: dict[str, dict] = {}
    for row in await _rows(service, ADVANCED_BY, iri):
        item = {k: value(row, k) for k in row}
        item["basis"] = (item.get("basis") or "").rsplit("/", 1)[-1]
        kept = advanced.get(item["paragraph"])
        if kept is None or _strength(item) < _strength(kept):
            advanced[item["paragraph"]] = item
    frameworks: dict[str, dict[str, dict]] = {}
    for row in await _rows(service, ALIGNED_WITH, iri):
        item = {k: value(row, k) for k in row}
        targets = frameworks.setdefault(framework_key(item.get("g")) or "other", {})
        target = targets.setdefault(item["target"], {"target": item["target"], "label": item.get("label"), "links": []})
        target["links"].append(item)
    titles = {value(r, "key"): value(r, "title") for r in await service.rows(FRAMEWORK_TITLES)}
    return {"advanced_by": sorted(advanced.values(), key=_strength),
            "frameworks": [(titles.get(key, key), list(targets.values()))
                           for key, targets in sorted(frameworks.items())]}


def _strength(item: dict) -> tuple:
    """Strongest basis first (citation ... inference, then suggestions), then the highest score."""
    basis = item.get("basis") or ""
    return (BASES.index(basis) if basis in BASES else len(BASES), -float(item.get("score") or 0))
