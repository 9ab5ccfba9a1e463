"""The gcm-kg ontology, SHACL shapes and JSON-LD context, as data files beside this module.

>>> ONTOLOGY_FILE.name
'gcmkg.ttl'
"""

from pathlib import Path

HERE = Path(__file__).resolve().parent
ONTOLOGY_FILE = HERE / "gcmkg.ttl"
SHAPES_FILE = HERE / "shapes.ttl"
CONTEXT_FILE = HERE / "context.jsonld"
