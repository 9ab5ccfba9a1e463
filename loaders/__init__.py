"""Loaders: parse each official source into the document model, then into RDF triples.

Nothing here touches a store; the build in ``gcmkg.graph`` decides where the triples go.
"""
