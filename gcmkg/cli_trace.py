"""``gcmkg trace NODE``: the alignment paths out of (and into) a paragraph, objective or framework element.

NODE is an IRI (``sdg:10.c`` and ``id:...`` prefixes work) or a short name: "para 53", "objective
20", "SDG 10.c", "indicator 10.7.1", "Sendai target a", "AAAA action area B", "Paris art 8.1",
"round table 3", "Paris Agreement"; ``graph.resolve`` knows the names and, for an unknown one,
suggests the closest.

A framework named by a declaration paragraph (as paragraph 53 names four) is unfolded into the
elements of it that the declaration reaches: objective -> element, with the declaration's
paragraphs that advance the objective.

>>> tree = {"node": "urn:p", "label": "Paragraph 1", "out": [{"relation": "mentions", "basis": "mention",
...         "score": 1.0, "evidence": "Paris Agreement", "node": "urn:pa", "label": "Paris Agreement",
...         "children": []}], "in": []}
>>> print(render(tree))
Paragraph 1  <urn:p>
└── mentions → Paris Agreement  [mention 1.00]  "Paris Agreement"
"""

from __future__ import annotations

import json
from collections import defaultdict

import click

from .cli_store import StoreLocation, store_options
from .graph.labels import Labels, local_name
from .graph.resolve import Resolver
from .graph.store import Store

GCM = "https://w3id.org/gcmkg/id/doc/gcm"

FRAMEWORKS_OF = """PREFIX gcmkg: <https://w3id.org/gcmkg/ontology#>
PREFIX sdgo: <http://metadata.un.org/sdg/ontology#>
SELECT DISTINCT ?e ?f { ?f a gcmkg:Framework .
  ?e (gcmkg:heldIn|gcmkg:partOf|gcmkg:inDocument|sdgo:isIndicatorOf|sdgo:isTargetOf)* ?f }"""
LINKS = """PREFIX gcmkg: <https://w3id.org/gcmkg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?s ?t ?r ?b ?score ?e ?start ?end ?doc ?commitment WHERE {
  ?a a gcmkg:Alignment ; gcmkg:alignmentSource ?s ; gcmkg:alignmentTarget ?t ; rdf:predicate ?r ;
     gcmkg:basis ?basis ; gcmkg:score ?score .
  OPTIONAL { ?a gcmkg:evidence ?e } OPTIONAL { ?a gcmkg:startOffset ?start ; gcmkg:endOffset ?end }
  OPTIONAL { ?s gcmkg:inDocument ?doc . ?doc a gcmkg:Declaration }
  OPTIONAL { ?s a gcmkg:Commitment . BIND("commitment" AS ?commitment) }  # not EXISTS: Virtuoso gives 1 for true
  BIND(REPLACE(STR(?basis), "^.*/", "") AS ?b) }"""


class Tracer:
    """The alignment records of a store in memory, walked out of or into a node as a tree."""

    def __init__(self, store: Store, *, framework: str | None = None, bases: tuple[str, ...] = (),
                 min_score: float = 0.0, depth: int = 3, labels: Labels | None = None,
                 resolver: Resolver | None = None) -> None:
        self.labels = labels or Labels(store)
        self.short: dict[str, str] = {}  # nodes without a label ("fn_3") go by their shortest name
        for key, node in sorted((resolver.names if resolver else {}).items(), key=lambda item: len(item[0])):
            self.short.setdefault(node, resolver.shown[key])
        self.frameworks: dict[str, set[str]] = defaultdict(set)
        for row in store.query(FRAMEWORKS_OF):
            self.frameworks[row["e"].value].add(row["f"].value)
        self.framework, self.bases, self.min_score, self.depth = framework, set(bases), min_score, depth
        self.out: dict[str, list[dict]] = defaultdict(list)
        self.into: dict[str, list[dict]] = defaultdict(list)
        for row in store.query(LINKS):
            value = {v: (row[v].value if row[v] is not None else None) for v in
                     ("s", "t", "r", "b", "score", "e", "start", "end", "doc", "commitment")}
            if value["b"] in self.bases or not self.bases:
                if float(value["score"]) >= self.min_score:
                    self.out[value["s"]].append(value)
                    self.into[value["t"]].append(value)

    def label(self, node: str) -> str:
        label = self.labels.label(node)
        return self.short.get(node, label) if label == local_name(node) else label

    def edge(self, link: dict, node: str, children: list[dict]) -> dict:
        edge = {"relation": link["r"].rsplit("#", 1)[-1], "basis": link["b"], "score": float(link["score"]),
                "evidence": link["e"], "node": node, "label": self.label(node), "children": children}
        if link["start"] is not None:
            edge["start"], edge["end"] = int(link["start"]), int(link["end"])
        return edge

    def reaches(self, node: str) -> bool:
        return self.framework is None or self.framework in self.frameworks.get(node, ()) or node == self.framework

    def walk_out(self, node: str, path: tuple[str, ...], document: str | None) -> list[dict]:
        edges = []
        for link in sorted(self.out.get(node, ()), key=lambda l: (-float(l["score"]), l["t"], l["r"], l["b"])):
            target = link["t"]
            if target in path:
                continue
            children = []
            if len(path) < self.depth:
                children = self.walk_out(target, path + (target,), link["doc"] or document)
                if link["r"].endswith("#mentions") and target != GCM and (link["doc"] or document):
                    children += self.unfold(target, link["doc"] or document)
            if self.reaches(target) or children:
                edges.append(self.edge(link, target, children))
        return edges

    def unfold(self, framework: str, document: str) -> list[dict]:
        """The elements of a framework that the objectives advanced by ``document``'s paragraphs align with."""
        edges = []
        for objective, advancing in sorted(self.advanced_in(document).items()):
            for link in self.out.get(objective, ()):
                element = link["t"]
                in_framework = framework in self.frameworks.get(element, ()) or element == framework
                if in_framework and self.reaches(element) and link["b"] != "similarity":
                    ranked = sorted(advancing, key=lambda a: (-float(a["score"]), a["s"]))
                    by = [self.edge(a, a["s"], []) | {"relation": "advancedBy", "kind": _kind(a)} for a in ranked]
                    edge = self.edge(link, element, by)
                    edge["via"], edge["viaLabel"] = objective, self.label(objective)
                    edges.append(edge)
        return edges

    def advanced_in(self, document: str) -> dict[str, list[dict]]:
        found: dict[str, list[dict]] = defaultdict(list)
        for links in self.out.values():
            for link in links:
                if link["doc"] == document and link["r"].endswith("#advances") and link["b"] != "similarity":
                    found[link["t"]].append(link)
        return found

    def walk_in(self, node: str, path: tuple[str, ...]) -> list[dict]:
        edges = []
        for link in sorted(self.into.get(node, ()), key=lambda l: (-float(l["score"]), l["s"], l["r"], l["b"])):
            if link["s"] not in path:
                children = self.walk_in(link["s"], path + (link["s"],)) if len(path) < self.depth else []
                edges.append(self.edge(link, link["s"], children))
        return edges

    def trace(self, node: str) -> dict:
        """The tree: the node, the links out of it (unfolded), and the links into it."""
        return {"node": node, "label": self.label(node), "out": self.walk_out(node, (node,), None),
                "in": self.walk_in(node, (node,)) if self.framework is None else []}


def _kind(link: dict) -> str:
    return "commitment" if link["commitment"] else "review"


def _line(edge: dict, arrow: str) -> str:
    via = f"via {edge['viaLabel']}: " if "via" in edge else ""
    kind = f" ({edge['kind']})" if "kind" in edge else ""
    words = f"  \"{edge['evidence']}\"" if edge.get("evidence") else ""
    where = f" @{edge['start']}-{edge['end']}" if "start" in edge else ""
    return f"{via}{edge['relation']} {arrow} {edge['label']}{kind}  [{edge['basis']} {edge['score']:.2f}]{words}{where}"


def render(tree: dict) -> str:
    """The tree as indented lines with box-drawing branches: out of the node, then into it."""
    lines = [f"{tree['label']}  <{tree['node']}>"]

    def branch(edges: list[dict], indent: str, arrow: str) -> None:
        for i, edge in enumerate(edges):
            last = i == len(edges) - 1
            lines.append(indent + ("└── " if last else "├── ") + _line(edge, arrow))
            branch(edge["children"], indent + ("    " if last else "│   "), arrow)

    branch(tree["out"], "", "→")
    if not tree["out"] and not tree["in"]:
        lines.append("(no alignment leads out of or into this node with these filters)")
    if tree["in"]:
        lines.append("reached from:")
        branch(tree["in"], "", "←")
    return "\n".join(lines)


@click.command()
@click.argument("node")
@click.option("--framework", "-f", default=None, metavar="NAME",
              help="Keep only paths that reach this framework (e.g. 'Paris Agreement', 'Sendai Framework').")
@click.option("--basis", "-b", "bases", multiple=True,
              type=click.Choice(["citation", "mention", "structure", "crosswalk", "similarity", "inference"]),
              help="Keep only links on this basis (repeatable).")
@click.option("--min-score", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Keep only links scoring at least this.")
@click.option("--depth", type=click.IntRange(1, 6), default=3, show_default=True, help="How many steps to follow.")
@click.option("--format", "fmt", type=click.Choice(["tree", "json"]), default="tree", show_default=True)
@store_options
def trace(node: str, framework: str | None, bases: tuple[str, ...], min_score: float, depth: int,
          fmt: str, store: StoreLocation) -> None:
    """Show the alignment paths out of NODE (and into it), each step with its basis, score and evidence.

    NODE is an IRI or a short name: "para 53", "objective 20", "SDG 10.c", "indicator 10.7.1",
    "Sendai target a", "AAAA action area B", "Paris art 8.1", "round table 3".
    """
    opened = store.open()
    labels = Labels(opened)
    resolver = Resolver(labels)
    iri = resolver.resolve(node)
    within = resolver.resolve(framework) if framework else None
    tracer = Tracer(opened, framework=within, bases=bases, min_score=min_score, depth=depth,
                    labels=labels, resolver=resolver)
    tree = tracer.trace(iri)
    click.echo(json.dumps(tree, indent=2, ensure_ascii=False) if fmt == "json" else render(tree))
