"""Query results as rows of plain Python values: IRIs as strings, literals as int, float, date, str.

A ``Rows`` holds the solutions of one SELECT (results here are small, so they are read at once);
it converts to a list of dicts, and to a pandas DataFrame when pandas is installed
(``pip install gcm-kg[pandas]``).

>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> store.add(ox.Quad(ox.NamedNode("urn:p53"), ox.NamedNode("urn:number"), ox.Literal("53",
...     datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))))
>>> rows = Rows.from_solutions(store.query("SELECT ?paragraph ?number { ?paragraph <urn:number> ?number }"))
>>> rows.to_dicts()
[{'paragraph': 'urn:p53', 'number': 53}]
>>> rows[0]["number"] + 1
54
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Iterator, Sequence, overload

import pyoxigraph as ox
from rdflib import Literal as RdflibLiteral
from rdflib import URIRef

from gcmkg.errors import GcmkgError

Value = str | int | float | bool | dt.date | dt.datetime | None


def python_value(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> Value:
    """A term as Python: an IRI as its string, a blank node as ``_:id``, a literal by its datatype.

    >>> python_value(ox.Literal("0.75", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")))
    0.75
    >>> python_value(ox.Literal("Objectif 20", language="fr"))
    'Objectif 20'
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if term.language:
        return term.value
    value = RdflibLiteral(term.value, datatype=URIRef(term.datatype.value)).toPython()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (str, int, float, bool, dt.date, dt.datetime)):
        return value
    return term.value  # a datatype Python has no type for (sdgo:SDGCode, ill-formed numbers)


class Rows(Sequence[dict[str, Value]]):
    """The rows of a SELECT, each a dict from variable name to Python value (``None`` if unbound)."""

    def __init__(self, variables: Sequence[str], rows: Sequence[dict[str, Value]]) -> None:
        self.variables = tuple(variables)
        self._rows = list(rows)

    @classmethod
    def from_solutions(cls, solutions: ox.QuerySolutions, *, hide_prefix: str | None = None) -> "Rows":
        """Read query solutions; variables starting with ``hide_prefix`` (parameter echoes) are left out."""
        names = [v.value for v in solutions.variables]
        kept = [n for n in names if not (hide_prefix and n.startswith(hide_prefix))]
        return cls(kept, [{n: python_value(solution[n]) for n in kept} for solution in solutions])

    @overload
    def __getitem__(self, index: int) -> dict[str, Value]: ...

    @overload
    def __getitem__(self, index: slice) -> "Rows": ...

    def __getitem__(self, index):
        if isinstance(index, slice):
            return Rows(self.variables, self._rows[index])
        return self._rows[index]

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[dict[str, Value]]:
        return iter(self._rows)

    def __repr__(self) -> str:
        return f"<Rows: {len(self)} rows of {', '.join(self.variables) or 'no variables'}>"

    def column(self, variable: str) -> list[Value]:
        """The values of one variable, row by row."""
        if variable not in self.variables:
            raise GcmkgError(f"no column {variable!r}; the columns are {', '.join(self.variables)}")
        return [row[variable] for row in self._rows]

    def to_dicts(self) -> list[dict[str, Value]]:
        """A list of dicts (copies: changing them does not change the rows)."""
        return [dict(row) for row in self._rows]

    def to_dataframe(self) -> Any:
        """A pandas DataFrame with one column per variable; needs pandas (``pip install gcm-kg[pandas]``)."""
        try:
            import pandas
        except ImportError as error:
            raise GcmkgError("to_dataframe() needs pandas: pip install 'gcm-kg[pandas]' "
                             "(or use to_dicts())") from error
        return pandas.DataFrame(self.to_dicts(), columns=list(self.variables))
