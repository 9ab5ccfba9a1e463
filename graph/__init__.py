"""The graph: store back ends, the build pipeline, validation and the named queries."""
