"""Short names to IRIs: "para 53", "objective 20", "SDG 10.c", "Sendai target a", "Paris Article 8.1".

Every node goes by its IRI, its labels, titles, aliases and symbols, and by the short forms people
write, derived from the shape of its IRI (``id/gcm/objective/20`` is "objective 20") or from its
SDG notation. Matching ignores case, spacing and the spelling of "paragraph"/"para" and
"article"/"art". An unknown name raises ``UnknownNodeError`` with the closest known names.

>>> normalise("  Paragraph   53 ")
'para 53'
>>> normalise("Paris Article 8.1")
'paris art 8.1'
"""

from __future__ import annotations

import difflib
import re

from gcmkg.errors import UnknownNodeError

from gcmkg.graph.labels import NAMESPACES, Labels, expand

ID = NAMESPACES["id"]
SDG = NAMESPACES["sdg"]
SEED = "imrf-2022-zero-draft"
SPELLINGS = [
    (r"[\u2018\u2019]", "'"), (r"¶|§", " para "), (r"\bparagraphs?\b|\bparas?\b|\bpar\.", "para"),
    (r"\barticles?\b|\barts?\b|\bart\.", "art"), (r"\bno\.\s*", ""), (r"\s*\(\s*", "("), (r"\s*\)", ")"),
    (r"\s*\.\s*(?=\w)", "."), (r"\s+", " "),
]
# forms by the shape of our own IRIs (after id/); {0}, {1} are the IRI's groups
FORMS = [
    (rf"doc/{SEED}/para_(\d+)", ["para {0}"]),
    (r"doc/([a-z0-9-]+)/para_(\d+)", ["{0} para {1}"]),
    (r"doc/gcm/para_(\d+)", ["GCM para {0}"]),
    (r"doc/aaaa/para_(\d+)", ["AAAA para {0}", "Addis Ababa para {0}"]),
    (rf"doc/{SEED}/sec_2__subsec_(\d+)", ["round table {0}"]),
    (r"doc/([a-z0-9-]+)/fn_(\w+)", ["{0} footnote {1}"]),
    (rf"doc/{SEED}/fn_(\w+)", ["footnote {0}"]),
    (r"doc/paris-agreement/art_(\d+)", ["Paris art {0}", "art {0}"]),
    (r"doc/paris-agreement/art_(\d+)__para_(\d+)", ["Paris art {0}.{1}", "art {0}.{1}", "Paris art {0} para {1}"]),
    (r"doc/paris-agreement/art_(\d+)__para_(\d+)__point_([a-z])", ["Paris art {0}.{1}({2})", "art {0}.{1}({2})"]),
    (r"doc/paris-agreement/preamble__recital_(\d+)", ["Paris recital {0}"]),
    (r"gcm/objective/(\d+)", ["objective {0}", "GCM objective {0}"]),
    (r"gcm/objective/(\d+)/action/([a-z])", ["objective {0}({1})", "objective {0} action {1}", "action {0}({1})"]),
    (r"gcm/principle/([a-z-]+)", ["principle {0}"]),
    (r"sendai/target/([a-g])", ["Sendai target {0}"]),
    (r"sendai/priority/(\d)", ["Sendai priority {0}"]),
    (r"aaaa/action-area/([A-G])", ["action area {0}", "AAAA action area {0}"]),
    (r"doc/([a-z0-9-]+)", ["{0}"]),
]
# frameworks as people name them in passing
ALIASES = {
    "SDGs": "doc/agenda-2030", "SDG": "doc/agenda-2030", "Sustainable Development Goals": "doc/agenda-2030",
    "Addis Ababa": "doc/aaaa", "Paris": "doc/paris-agreement", "Sendai": "doc/sendai-framework",
    "declaration": f"doc/{SEED}", "Progress Declaration": f"doc/{SEED}",
}
NAME_PROPERTIES = ("rdfs:label", "skos:altLabel", "dcterms:title", "dcterms:identifier", "skos:prefLabel")


def normalise(name: str) -> str:
    """The key a name is looked up by: lower case, one spelling of para/art, single spaces."""
    key = name.strip().casefold()
    for pattern, replacement in SPELLINGS:
        key = re.sub(pattern, replacement, key)
    return key.strip().rstrip(".")


class Resolver:
    """The names every node of a store goes by, and the lookup from a name to an IRI.

    >>> import tempfile
    >>> from rdflib import Graph
    >>> from gcmkg.graph.store import EmbeddedStore
    >>> g = Graph().parse(data='''<https://w3id.org/gcmkg/id/gcm/objective/20>
    ...   a <https://w3id.org/gcmkg/ontology#Objective> .''', format="turtle")
    >>> store = EmbeddedStore(tempfile.mkdtemp() + "/s"); _ = store.replace_graph("urn:g", g)
    >>> resolver = Resolver(Labels(store))
    >>> resolver.resolve("Objective 20")
    'https://w3id.org/gcmkg/id/gcm/objective/20'
    >>> try:
    ...     resolver.resolve("objective 2O")
    ... except UnknownNodeError as error:
    ...     print(error)
    no node named 'objective 2O' in the graph; did you mean: objective 20?
    """

    def __init__(self, labels: Labels) -> None:
        self.names: dict[str, str] = {}  # normalised name -> IRI
        self.shown: dict[str, str] = {}  # normalised name -> the name as it is best written
        self.known = set(labels.nodes())
        for node in sorted(self.known):
            for prop in NAME_PROPERTIES:
                for value in labels.all_values(node, prop):
                    self._add(value, node, override=False)
            self._add_sdg_forms(node, labels)
        for node in sorted(self.known, key=lambda n: (n.count("/"), n)):
            if node.startswith(ID):
                self._add_iri_forms(node)
        for alias, local in ALIASES.items():
            if ID + local in self.known:
                self._add(alias, ID + local, override=True)

    def _add(self, name: str, node: str, *, override: bool) -> None:
        key = normalise(name)
        if key and len(key) <= 120 and (override or key not in self.names):
            self.names[key] = node
            self.shown[key] = " ".join(name.split())

    def _add_sdg_forms(self, node: str, labels: Labels) -> None:
        if not node.startswith(SDG):
            return
        for notation in labels.all_values(node, "skos:notation"):
            if re.fullmatch(r"\d+(\.\w+){0,2}", notation):
                kind = ("goal", "target", "indicator")[notation.count(".")]
                for form in (f"SDG {notation}", f"{kind} {notation}", f"SDG {kind} {notation}"):
                    self._add(form, node, override=True)

    def _add_iri_forms(self, node: str) -> None:
        local = node.removeprefix(ID)
        for pattern, forms in FORMS:
            if match := re.fullmatch(pattern, local):
                spaced = tuple(group.replace("-", " ") for group in match.groups())  # "human rights"
                for words in dict.fromkeys((match.groups(), spaced)):
                    for form in forms:
                        self._add(form.format(*words), node, override=True)

    def resolve(self, name: str) -> str:
        """The IRI that ``name`` (an IRI, ``prefix:local`` or a short name) stands for."""
        iri = expand(name.strip())
        if iri in self.known:
            return iri
        key = normalise(name)
        if key in self.names:
            return self.names[key]
        raise UnknownNodeError(name, self.suggest(name))

    def suggest(self, name: str, n: int = 5) -> list[str]:
        """The names closest to ``name``, as they are best written."""
        close = difflib.get_close_matches(normalise(name), list(self.names), n=4 * n, cutoff=0.6)
        best: dict[str, str] = {}  # one name per node, the closest
        for key in close:
            best.setdefault(self.names[key], self.shown[key])
        return list(best.values())[:n]
