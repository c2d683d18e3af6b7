"""Writes the model-file fixtures of test_npz_reader and test_safetensors_reader (run it here with
python3 and numpy; the outputs are committed so the tests need no Python).

  compressed.npz     numpy.savez_compressed: W <f4 [3,5] = 10 i + j + 0.5, conv <f8 [2,3,2,2] = arange,
                     half <f2 [2,2] = [[1, -2], [0.5, 65504]], b <f4 [3], count <i8 [] (a counter)
  hostile_*.npz      one fault each: not_npy (a member readme.txt), pickle (torch.save's zip layout,
                     archive/data.pkl), int_matrix (W <i4 [2,2]), short_data (header (3, 5), 14 floats),
                     fortran (W in Fortran order)
  model.safetensors  written by hand after the safetensors README: layers.10.weight F32 [2,2],
                     layers.2.weight BF16 [2,3], norm F16 [3], step I64 [], and __metadata__
"""
import io
import json
import struct
import zipfile

import numpy as np

w = np.fromfunction(lambda i, j: 10 * i + j + 0.5, (3, 5), dtype=np.float32)
conv = np.arange(24, dtype=np.float64).reshape(2, 3, 2, 2)
half = np.array([[1, -2], [0.5, 65504]], dtype=np.float16)
np.savez_compressed("compressed.npz", W=w, conv=conv, half=half, b=np.ones(3, np.float32),
                    count=np.int64(7))

def npy_bytes(array):
    out = io.BytesIO()
    np.save(out, array)
    return out.getvalue()

def hostile_zip(name, members):
    with zipfile.ZipFile("hostile_" + name + ".npz", "w") as archive:
        for member, raw in members:
            archive.writestr(member, raw)

hostile_zip("not_npy", [("W.npy", npy_bytes(w)), ("readme.txt", b"not an array")])
hostile_zip("pickle", [("archive/data.pkl", b"\x80\x02}q\x00."), ("archive/data/0", b"\0" * 16)])
hostile_zip("int_matrix", [("W.npy", npy_bytes(np.eye(2, dtype=np.int32)))])
hostile_zip("short_data", [("W.npy", npy_bytes(w)[:-4])])
hostile_zip("fortran", [("W.npy", npy_bytes(np.asfortranarray(w)))])

def bf16(values):
    bits = np.asarray(values, np.float32).view(np.uint32) >> 16
    return bits.astype("<u2").tobytes()

tensors = [  # name, dtype, shape, bytes
    ("layers.10.weight", "F32", [2, 2], np.array([[1, 2], [3, 4]], "<f4").tobytes()),
    ("layers.2.weight", "BF16", [2, 3], bf16([[1, 2, 3], [-4, 0.5, 256]])),
    ("norm", "F16", [3], np.array([1, 2, 3], "<f2").tobytes()),
    ("step", "I64", [], np.array(5, "<i8").tobytes()),
]
header, data = {"__metadata__": {"format": "pt"}}, b""
for name, dtype, shape, raw in tensors:
    header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(raw)]}
    data += raw
text = json.dumps(header).encode()
text += b" " * (-len(text) % 8)
with open("model.safetensors", "wb") as out:
    out.write(struct.pack("<Q", len(text)) + text + data)
