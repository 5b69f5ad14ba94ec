"""The CSV files of one bulk import: a node table per label, a relationship table per
(type, start label, end label); each a data file written row by row and a header file
written at the end (the importer reads them as ``--nodes=Label=header.csv,data.csv``).

Example::

    tables = Tables(Path("var/import"))
    tables.node("Team", ("nameZh", "headcount")).write("T-1", {"nameZh": "队", "headcount": 12})
    has = tables.rel("HAS_CAPABILITY", "Team", "Capability", ("level",))
    has.write("T-1", "cap.x", {"level": 2})
    tables.close()
    tables.import_groups()   # ([('Team', [header, data])], [('HAS_CAPABILITY', [header, data])])
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from loaders.bulk.columns import Column, quote

_BUFFER = 1 << 20


@dataclass(frozen=True)
class _TableMark:
    offset: int
    rows: int
    columns: list[tuple[str | None, bool]]
    extra: int


@dataclass(frozen=True)
class TablePart:
    """A table written by another process (a part of a file, loaders.bulk.parts)."""

    key: str | tuple[str, str, str]  # a node label, or (type, start label, end label)
    props: tuple[str, ...]
    data_path: Path
    rows: int
    columns: list[tuple[str | None, bool]]  # each column's type and whether text spans lines


class ColumnClash(ValueError):
    """Parts of a table whose columns hold values of different types."""


class _Table:
    def __init__(self, folder: Path, name: str, key_headers: Sequence[str], props: Sequence[str]):
        self.data_path = folder / f"{name}.data.csv"
        self.header_path = folder / f"{name}.header.csv"
        self.key_headers = list(key_headers)
        self.columns = [Column(p) for p in props]
        self.rows = 0
        self.extra: list[Path] = []  # data files written by other processes (joined parts)
        self._out: TextIO = self.data_path.open("w", encoding="utf-8", buffering=_BUFFER)

    def _write(self, keys: Sequence[str], props: Mapping[str, Any]) -> None:
        get = props.get
        cells = [*map(quote, keys), *[c.cell(get(c.name)) for c in self.columns]]
        self._out.write(",".join(cells) + "\n")
        self.rows += 1

    @property
    def multiline(self) -> bool:
        return any(c.multiline for c in self.columns)

    def mark(self) -> _TableMark:
        self._out.flush()
        return _TableMark(self._out.tell(), self.rows, self.column_state(), len(self.extra))

    def column_state(self) -> list[tuple[str | None, bool]]:
        return [(c.type, c.multiline) for c in self.columns]

    def rollback(self, mark: _TableMark) -> None:
        """Forget what was written since `mark` (rows, and what they said of the columns)."""
        self._out.flush()
        self._out.seek(mark.offset)
        self._out.truncate()
        self.rows = mark.rows
        del self.extra[mark.extra :]
        for c, (kind, multiline) in zip(self.columns, mark.columns, strict=True):
            c.type, c.multiline = kind, multiline

    def join(self, part: TablePart) -> None:
        """Add a part's rows (its data file); its columns must hold this table's types."""
        if part.props != tuple(c.name for c in self.columns):
            raise ColumnClash(f"{part.data_path.name}: other columns")
        for c, (kind, _) in zip(self.columns, part.columns, strict=True):
            if kind is not None and c.type is not None and kind != c.type:
                raise ColumnClash(f"{c.name}: {c.type} and {kind} values")
        for c, (kind, multiline) in zip(self.columns, part.columns, strict=True):
            c.type = c.type or kind
            c.multiline = c.multiline or multiline
        self.extra.append(part.data_path)
        self.rows += part.rows

    def flush(self) -> None:
        self._out.flush()

    def discard(self) -> None:
        self._out.close()
        self.data_path.unlink(missing_ok=True)

    def close(self) -> None:
        if not self._out.closed:
            self._out.close()
            headers = self.key_headers + [c.header() for c in self.columns]
            self.header_path.write_text(",".join(headers) + "\n", encoding="utf-8")

    def files(self) -> list[Path]:
        return [self.header_path, self.data_path, *self.extra]


class NodeTable(_Table):
    def __init__(self, folder: Path, lbl: str, props: Sequence[str]) -> None:
        super().__init__(folder, f"nodes-{lbl}", [f"id:ID({lbl})"], props)
        self.label = lbl

    def write(self, node_id: str, props: Mapping[str, Any]) -> None:
        self._write((node_id,), props)

    def writer(self, fixed: Mapping[str, Any]) -> Callable[[str, Mapping[str, Any]], None]:
        """`write` for rows whose last columns hold `fixed` (a run's provenance): those cells
        are made once (their columns typed now) and end every row."""
        lead = self.columns[: len(self.columns) - len(fixed)]
        last = self.columns[len(lead) :]
        if [c.name for c in last] != list(fixed):
            raise ValueError(f"the last columns of {self.label} are not {', '.join(fixed)}")
        tail = "".join("," + c.cell(fixed[c.name]) for c in last) + "\n"
        out = self._out

        def write(node_id: str, props: Mapping[str, Any]) -> None:
            get = props.get
            out.write(",".join([quote(node_id), *[c.cell(get(c.name)) for c in lead]]) + tail)
            self.rows += 1

        return write


class RelTable(_Table):
    def __init__(self, folder: Path, rtype: str, start: str, end: str, props: Sequence[str]):
        keys = [f":START_ID({start})", f":END_ID({end})"]
        super().__init__(folder, f"rels-{rtype}-{start}-{end}", keys, props)
        self.type = rtype

    def write(self, start: str, end: str, props: Mapping[str, Any]) -> None:
        if self.columns:
            self._write((start, end), props)
        else:  # most relationships: two ids
            self._out.write(quote(start) + "," + quote(end) + "\n")
            self.rows += 1


@dataclass(frozen=True)
class TablesMark:
    nodes: dict[str, _TableMark]
    rels: dict[tuple[str, str, str], _TableMark]


class Tables:
    """All tables of one import, created on first use."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.nodes: dict[str, NodeTable] = {}
        self.rels: dict[tuple[str, str, str], RelTable] = {}

    def node(self, lbl: str, props: Sequence[str]) -> NodeTable:
        table = self.nodes.get(lbl)
        if table is None:
            table = self.nodes[lbl] = NodeTable(self.folder, lbl, props)
        return table

    def rel(self, rtype: str, start: str, end: str, props: Sequence[str]) -> RelTable:
        key = (rtype, start, end)
        table = self.rels.get(key)
        if table is None:
            table = self.rels[key] = RelTable(self.folder, rtype, start, end, props)
        return table

    def mark(self) -> TablesMark:
        """A point to come back to (`rollback`): the tables and how far each was written."""
        return TablesMark(
            {k: t.mark() for k, t in self.nodes.items()},
            {k: t.mark() for k, t in self.rels.items()},
        )

    def rollback(self, mark: TablesMark) -> None:
        """The tables as they were at `mark`: rows written since are forgotten, tables
        made since deleted (a file that is checked again from its start)."""
        for lbl in [k for k in self.nodes if k not in mark.nodes]:
            self.nodes.pop(lbl).discard()
        for key in [k for k in self.rels if k not in mark.rels]:
            self.rels.pop(key).discard()
        for lbl, m in mark.nodes.items():
            self.nodes[lbl].rollback(m)
        for key, m in mark.rels.items():
            self.rels[key].rollback(m)

    def parts(self) -> list[TablePart]:
        """The tables with rows, for another process to join (`join`); call `flush` first."""
        nodes = [
            TablePart(k, tuple(c.name for c in t.columns), t.data_path, t.rows, t.column_state())
            for k, t in self.nodes.items()
            if t.rows
        ]
        rels = [
            TablePart(k, tuple(c.name for c in t.columns), t.data_path, t.rows, t.column_state())
            for k, t in self.rels.items()
            if t.rows
        ]
        return nodes + rels

    def flush(self) -> None:
        for t in (*self.nodes.values(), *self.rels.values()):
            t.flush()

    def join(self, parts: list[TablePart]) -> None:
        """Another process's tables (`parts`) joined to these; `ColumnClash` when a column
        holds other types there (roll back to a mark then: some may have been joined)."""
        for part in parts:
            if isinstance(part.key, str):
                self.node(part.key, part.props).join(part)
            else:
                self.rel(*part.key, part.props).join(part)

    def close(self) -> None:
        for n in self.nodes.values():
            n.close()
        for r in self.rels.values():
            r.close()

    @property
    def multiline(self) -> bool:
        return any(t.multiline for t in (*self.nodes.values(), *self.rels.values()))

    def import_groups(self) -> tuple[list[tuple[str, list[Path]]], list[tuple[str, list[Path]]]]:
        """(label, files) and (type, files) for the importer's --nodes and --relationships."""
        nodes = [(t.label, t.files()) for t in self.nodes.values() if t.rows]
        rels = [(t.type, t.files()) for t in self.rels.values() if t.rows]
        return nodes, rels
