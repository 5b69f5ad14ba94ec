"""The weights and node wiring of an ONNX file, read straight from its protobuf encoding.

An ONNX model is a protobuf ``ModelProto``; the converter needs only the
graph's initializers (named float tensors) and each node's op type, inputs and
outputs. Reading those few fields of the wire format by hand keeps the install
step free of the ``onnx`` and ``protobuf`` packages. Field numbers are those of
``onnx/onnx.proto`` (ModelProto.graph = 7; GraphProto.node = 1, initializer = 5;
NodeProto.input = 1, output = 2, op_type = 4; TensorProto.dims = 1,
data_type = 2, float_data = 4, name = 8, raw_data = 9, data_location = 14).

Example::

    graph = read_onnx_graph(Path("bge-small-zh-v1.5.onnx"))
    graph.initializers["embeddings.word_embeddings.weight"].shape   # (21128, 512)
    graph.nodes[0].op_type                                           # 'Constant'
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

_FLOAT = 1  # TensorProto.DataType.FLOAT
_EXTERNAL = 1  # TensorProto.DataLocation.EXTERNAL


class OnnxFormatError(ValueError):
    """The file is not an ONNX model this reader understands (says which part and why)."""


@dataclass(frozen=True)
class OnnxNode:
    op_type: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]


@dataclass(frozen=True)
class OnnxGraph:
    initializers: dict[str, npt.NDArray[np.float32]]
    nodes: tuple[OnnxNode, ...]


def _varint(buf: memoryview, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if pos >= len(buf):
            raise OnnxFormatError("truncated varint")
        byte = buf[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7


def _fields(buf: memoryview) -> Iterator[tuple[int, int | memoryview]]:
    """(field number, value) of one message: an int for varints, bytes for the rest."""
    pos = 0
    while pos < len(buf):
        key, pos = _varint(buf, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(buf, pos)
            yield number, value
        elif wire == 2:
            size, pos = _varint(buf, pos)
            if pos + size > len(buf):
                raise OnnxFormatError(f"field {number} runs past the end of its message")
            yield number, buf[pos : pos + size]
            pos += size
        elif wire in (1, 5):
            width = 8 if wire == 1 else 4
            yield number, buf[pos : pos + width]
            pos += width
        else:
            raise OnnxFormatError(f"unsupported protobuf wire type {wire} (field {number})")


def _text(value: int | memoryview) -> str:
    if isinstance(value, int):
        raise OnnxFormatError("expected a string field, found a number")
    return bytes(value).decode("utf-8")


def _tensor(buf: memoryview) -> tuple[str, npt.NDArray[np.float32] | None]:
    name, dims, dtype, raw, floats, external = "", [], 0, None, [], False
    for number, value in _fields(buf):
        if number == 1:  # dims: packed or one varint per entry
            if isinstance(value, int):
                dims.append(value)
            else:
                pos = 0
                while pos < len(value):
                    d, pos = _varint(value, pos)
                    dims.append(d)
        elif number == 2 and isinstance(value, int):
            dtype = value
        elif number == 4 and not isinstance(value, int):
            floats.append(np.frombuffer(value, dtype="<f4"))
        elif number == 8:
            name = _text(value)
        elif number == 9 and not isinstance(value, int):
            raw = value
        elif number == 14 and value == _EXTERNAL:
            external = True
    if dtype != _FLOAT:
        return name, None  # integer shape constants and the like: not weights
    if external:
        raise OnnxFormatError(f"tensor {name!r} keeps its data in an external file")
    if raw is not None:
        data = np.frombuffer(raw, dtype="<f4")
    else:
        data = np.concatenate(floats) if floats else np.zeros(0, dtype=np.float32)
    count = int(np.prod(dims)) if dims else 1
    if data.size != count:
        raise OnnxFormatError(f"tensor {name!r}: {data.size} values for shape {tuple(dims)}")
    return name, data.astype(np.float32).reshape(dims)


def _node(buf: memoryview) -> OnnxNode:
    inputs: list[str] = []
    outputs: list[str] = []
    op_type = ""
    for number, value in _fields(buf):
        if number == 1:
            inputs.append(_text(value))
        elif number == 2:
            outputs.append(_text(value))
        elif number == 4:
            op_type = _text(value)
    return OnnxNode(op_type, tuple(inputs), tuple(outputs))


def read_onnx_graph(path: Path) -> OnnxGraph:
    """The float initializers and the nodes of the ONNX model at `path`."""
    buf = memoryview(path.read_bytes())
    graphs = [v for n, v in _fields(buf) if n == 7 and not isinstance(v, int)]
    if len(graphs) != 1:
        raise OnnxFormatError(f"{path}: expected one graph in the model, found {len(graphs)}")
    initializers: dict[str, npt.NDArray[np.float32]] = {}
    nodes: list[OnnxNode] = []
    for number, value in _fields(graphs[0]):
        if isinstance(value, int):
            continue
        if number == 1:
            nodes.append(_node(value))
        elif number == 5:
            name, array = _tensor(value)
            if array is not None:
                initializers[name] = array
    if not initializers:
        raise OnnxFormatError(f"{path}: the graph holds no float weights")
    return OnnxGraph(initializers, tuple(nodes))
