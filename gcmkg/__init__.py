"""gcm-kg: a knowledge graph of the Global Compact for Migration and the frameworks it aligns with."""

__version__ = "0.1.0"
