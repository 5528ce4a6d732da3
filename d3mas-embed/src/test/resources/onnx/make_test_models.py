#!/usr/bin/python3
"""Writes the tiny ONNX models the d3mas-embed tests load (run once; the outputs are committed).

Needs Debian's python3-onnx: /usr/bin/python3 make_test_models.py. Every weight follows a closed formula that the Java tests repeat:
  E[i][k] = ((7 * i + 3 * k) % 11 - 5) / 5   for i < 97, k < 4   (token table, ids taken mod 97)
  w       = [1, -0.5, 0.25, 0.8]                                    (sparse head)
"""
import onnx
from onnx import TensorProto, helper

VOCAB, DIM = 97, 4
E = [[((7 * i + 3 * k) % 11 - 5) / 5 for k in range(DIM)] for i in range(VOCAB)]
W = [1.0, -0.5, 0.25, 0.8]


def hidden_nodes():
    return [
        helper.make_node("Mod", ["input_ids", "vocab"], ["ids_mod"]),
        helper.make_node("Gather", ["table", "ids_mod"], ["hidden"], axis=0),
    ]


def initializers():
    return [
        helper.make_tensor("vocab", TensorProto.INT64, [], [VOCAB]),
        helper.make_tensor("table", TensorProto.FLOAT, [VOCAB, DIM], [x for row in E for x in row]),
        helper.make_tensor("zero", TensorProto.INT64, [], [0]),
        helper.make_tensor("w", TensorProto.FLOAT, [DIM, 1], W),
    ]


def ids(name):
    return helper.make_tensor_value_info(name, TensorProto.INT64, ["batch", "tokens"])


def save(graph, path):
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, path)


# BGE-M3-like: a pooled dense output and per-token sparse weights
save(
    helper.make_graph(
        hidden_nodes()
        + [
            helper.make_node("Gather", ["hidden", "zero"], ["dense_vecs"], axis=1),
            helper.make_node("MatMul", ["hidden", "w"], ["sparse_logits"]),
            helper.make_node("Relu", ["sparse_logits"], ["sparse_vecs"]),
        ],
        "m3_like",
        [ids("input_ids"), ids("attention_mask")],
        [
            helper.make_tensor_value_info("dense_vecs", TensorProto.FLOAT, ["batch", DIM]),
            helper.make_tensor_value_info("sparse_vecs", TensorProto.FLOAT, ["batch", "tokens", 1]),
        ],
        initializers(),
    ),
    "m3-like.onnx",
)

# a classifier: no output an encoder can use
save(
    helper.make_graph(
        hidden_nodes() + [helper.make_node("Gather", ["hidden", "zero"], ["logits"], axis=1)],
        "classifier",
        [ids("input_ids"), ids("attention_mask")],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", DIM])],
        initializers(),
    ),
    "classifier.onnx",
)

# an input an encoder cannot feed
save(
    helper.make_graph(
        hidden_nodes()
        + [
            helper.make_node("Add", ["hidden", "pixel_values"], ["last_hidden_state"]),
        ],
        "odd_input",
        [ids("input_ids"), helper.make_tensor_value_info("pixel_values", TensorProto.FLOAT, ["batch", "tokens", DIM])],
        [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["batch", "tokens", DIM])],
        initializers(),
    ),
    "odd-input.onnx",
)
