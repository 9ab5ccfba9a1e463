"""Named SPARQL queries, one ``.rq`` file each, with grlc-style headers (data, no code)."""

from pathlib import Path

QUERIES_DIR = Path(__file__).resolve().parent
