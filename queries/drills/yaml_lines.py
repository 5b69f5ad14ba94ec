"""Where each value of a YAML document sits: the line of every path, for error messages.

PyYAML's composer keeps a mark on every node; walking the node tree gives, for the path
of keys and list indexes pydantic reports (``("incidents", 2, "level")``), the line a
person opens in an editor. A path that is missing (a required field left out) falls back
to the line of its nearest parent that exists.

Example::

    lines = line_index("incidents:\\n  - id: A\\n    level: V\\n")
    line_of(lines, ("incidents", 0, "level"))      # 3
    line_of(lines, ("incidents", 0, "hazards"))    # 2 (the incident's own line)
"""

from __future__ import annotations

from collections.abc import Sequence

import yaml

Path = tuple[str | int, ...]


def line_index(text: str) -> dict[Path, int]:
    """Path -> 1-based line of its value (keys: the line of the key)."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    out: dict[Path, int] = {}
    if root is None:
        return out

    def walk(node: yaml.Node, path: Path) -> None:
        out.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = (*path, str(key.value))
                out[child] = key.start_mark.line + 1
                walk(value, child)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*path, i))

    walk(root, ())
    return out


def line_of(lines: dict[Path, int], path: Sequence[str | int]) -> int | None:
    """The line of `path`, or of its nearest existing parent; None for an empty document."""
    p = tuple(path)
    while p:
        if p in lines:
            return lines[p]
        p = p[:-1]
    return lines.get(())
