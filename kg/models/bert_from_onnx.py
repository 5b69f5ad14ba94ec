"""A BERT encoder exported to ONNX by PyTorch, turned back into ``BertModel`` weights.

PyTorch's exporter keeps the names of biases, embeddings and LayerNorms
(``encoder.layer.0.attention.self.query.bias``) but stores each Linear weight
as an anonymous, transposed ``onnx::MatMul_<n>`` initializer. The graph says
whose it is: the MatMul that reads it feeds an Add with the named bias, so
``<module>.bias`` names the weight ``<module>.weight`` (transposed back to
PyTorch's out x in layout). Everything else the config needs is read from the
tensor shapes; the attention head count and LayerNorm epsilon are not in any
shape and come from the model card.

Example::

    weights, config = bert_from_onnx(read_onnx_graph(onnx_path), heads=8, layer_norm_eps=1e-12)
    config["num_hidden_layers"]                          # 4 for bge-small-zh-v1.5
    weights["encoder.layer.0.attention.self.query.weight"].shape   # (512, 512)
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import numpy.typing as npt

from kg.models.onnx_weights import OnnxFormatError, OnnxGraph

Weights = dict[str, npt.NDArray[np.float32]]
_LAYER = re.compile(r"^encoder\.layer\.(\d+)\.")


def _linear_weights(graph: OnnxGraph) -> Weights:
    """``<module>.weight`` for each MatMul on an initializer whose result gets ``<module>.bias``."""
    consumers: dict[str, list[tuple[str, ...]]] = {}
    for node in graph.nodes:
        if node.op_type == "Add":
            for name in node.inputs:
                consumers.setdefault(name, []).append(node.inputs)
    found: Weights = {}
    for node in graph.nodes:
        if node.op_type != "MatMul" or len(node.inputs) != 2:
            continue
        weight = graph.initializers.get(node.inputs[1])
        if weight is None:
            continue  # attention scores: both operands are activations
        biases = [
            name
            for add_inputs in consumers.get(node.outputs[0], [])
            for name in add_inputs
            if name.endswith(".bias") and name in graph.initializers
        ]
        if len(biases) != 1:
            raise OnnxFormatError(
                f"the MatMul on {node.inputs[1]!r} is followed by {len(biases)} named biases; "
                "cannot tell which layer it belongs to"
            )
        key = biases[0][: -len(".bias")] + ".weight"
        found[key] = np.ascontiguousarray(weight.T)
    return found


def bert_from_onnx(
    graph: OnnxGraph, *, heads: int, layer_norm_eps: float
) -> tuple[Weights, dict[str, Any]]:
    """(``BertModel`` state dict as float32 arrays, the matching transformers config)."""
    weights: Weights = {
        name: array for name, array in graph.initializers.items() if not name.startswith("onnx::")
    }
    weights.update(_linear_weights(graph))
    try:
        vocab, hidden = weights["embeddings.word_embeddings.weight"].shape
        positions = weights["embeddings.position_embeddings.weight"].shape[0]
        types = weights["embeddings.token_type_embeddings.weight"].shape[0]
        inner = weights["encoder.layer.0.intermediate.dense.weight"].shape[0]
    except KeyError as e:
        raise OnnxFormatError(f"not a BERT encoder: no {e.args[0]!r} in the ONNX weights") from e
    layers = len({int(m.group(1)) for name in weights if (m := _LAYER.match(name))})
    per_layer = [
        "attention.self.query",
        "attention.self.key",
        "attention.self.value",
        "attention.output.dense",
        "intermediate.dense",
        "output.dense",
    ]
    missing = [
        f"encoder.layer.{i}.{m}.weight"
        for i in range(layers)
        for m in per_layer
        if f"encoder.layer.{i}.{m}.weight" not in weights
    ]
    if missing or hidden % heads:
        raise OnnxFormatError(
            f"incomplete BERT weights (missing {missing[:3]}) or hidden size {hidden} "
            f"not divisible by {heads} heads"
        )
    config: dict[str, Any] = {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": int(vocab),
        "hidden_size": int(hidden),
        "num_hidden_layers": layers,
        "num_attention_heads": heads,
        "intermediate_size": int(inner),
        "hidden_act": "gelu",  # the graph's Erf-based GELU
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": int(positions),
        "type_vocab_size": int(types),
        "initializer_range": 0.02,
        "layer_norm_eps": layer_norm_eps,
        "pad_token_id": 0,
        "position_embedding_type": "absolute",
        "torch_dtype": "float32",
    }
    return weights, config
