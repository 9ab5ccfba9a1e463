"""Content negotiation: read an ``Accept`` header with its q-values and pick what to send.

Pure functions on strings; nothing here knows about HTTP requests or the store.

>>> choose("text/csv;q=0.5, application/sparql-results+xml", RESULT_OFFERS)
'xml'
>>> choose(None, RDF_OFFERS)
'turtle'
>>> choose("text/turtle", RESULT_OFFERS) is None
True
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

# (media type, format name); the first offer is the default when the client states no preference
RESULT_OFFERS = (
    ("application/sparql-results+json", "json"),
    ("application/sparql-results+xml", "xml"),
    ("text/csv", "csv"),
    ("text/tab-separated-values", "tsv"),
    ("application/json", "json"),
    ("application/xml", "xml"),
    ("text/xml", "xml"),
)
RDF_OFFERS = (
    ("text/turtle", "turtle"),
    ("application/n-triples", "ntriples"),
    ("application/ld+json", "jsonld"),
    ("application/rdf+xml", "rdfxml"),
    ("application/x-turtle", "turtle"),
    ("application/json", "jsonld"),
    ("text/plain", "ntriples"),
)
HTML_OFFER = ("text/html", "html")
# the media type each format is sent as
MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "html": "text/html; charset=utf-8",
}
RESULT_FORMATS = frozenset({"json", "xml", "csv", "tsv"})
RDF_FORMATS = frozenset({"turtle", "ntriples", "jsonld", "rdfxml"})


@dataclass(frozen=True)
class MediaRange:
    """One entry of an Accept header: ``type/subtype`` (either may be ``*``) and its quality."""

    type: str
    subtype: str
    q: float

    def specificity(self, media_type: str) -> int:
        """How closely this range matches ``media_type``: 2 exact, 1 ``type/*``, 0 ``*/*``, -1 not at all."""
        kind, _, sub = media_type.partition("/")
        if self.type == "*":
            return 0
        if self.type != kind:
            return -1
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == sub else -1


def parse_accept(header: str) -> list[MediaRange]:
    """The media ranges of an Accept header; a malformed q counts as 0, a malformed range is skipped.

    >>> [(r.type, r.subtype, r.q) for r in parse_accept("text/*;q=0.3, text/csv")]
    [('text', '*', 0.3), ('text', 'csv', 1.0)]
    """
    ranges = []
    for item in header.split(","):
        media, *params = [part.strip() for part in item.split(";")]
        kind, slash, sub = media.lower().partition("/")
        if not slash or not kind or not sub:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append(MediaRange(kind, sub, q))
    return ranges


def quality(ranges: list[MediaRange], media_type: str) -> float:
    """The q the client gives ``media_type``: that of the most specific range matching it, else 0."""
    best, q = -1, 0.0
    for media_range in ranges:
        specificity = media_range.specificity(media_type)
        if specificity > best:
            best, q = specificity, media_range.q
    return q


@lru_cache(maxsize=512)  # clients send few distinct Accept headers; this runs on every request
def choose(accept: str | None, offers: tuple[tuple[str, str], ...]) -> str | None:
    """The format name of the offer the client prefers; ties go to the earlier offer; ``None`` if none is acceptable.

    No Accept header (or an empty one) means anything goes, so the first offer wins.

    >>> choose("text/html,application/xhtml+xml,*/*;q=0.8", (HTML_OFFER, *RESULT_OFFERS))
    'html'
    >>> choose("application/*", RDF_OFFERS)
    'ntriples'
    """
    if not accept or not accept.strip():
        return offers[0][1]
    ranges = parse_accept(accept)
    if not ranges:
        return offers[0][1]
    best_q, best = 0.0, None
    for media_type, name in offers:
        q = quality(ranges, media_type)
        if q > best_q:
            best_q, best = q, name
    return best
