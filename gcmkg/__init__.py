"""gcm-kg: a knowledge graph of the Global Compact for Migration and the frameworks it aligns with.

The public surface is small: ``gcmkg.open()`` and ``gcmkg.build()`` give a ``KnowledgeGraph``;
the exceptions are in ``gcmkg.errors`` (all subclasses of ``GcmkgError``).

>>> import gcmkg
>>> sorted(name for name in gcmkg.__all__)
['KnowledgeGraph', '__version__', 'build', 'errors', 'open']
"""

__version__ = "0.1.0"

# after __version__: the build module reads it while this package is still being imported
from gcmkg import errors  # noqa: E402
from gcmkg.api import KnowledgeGraph, build, open  # noqa: E402

__all__ = ["open", "build", "KnowledgeGraph", "__version__", "errors"]
