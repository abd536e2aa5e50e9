#!/usr/bin/env python3
"""The PCA floor of a bundled model's probe set, computed independently of the app: NumPy
float64 from the probe file's raw bytes, the full second moment of the half-vectorised
x̂x̂ᵀ (plain Zᵀ Z, no fourth-moment symmetry, no Krylov method) and LAPACK's eigvalsh (every
eigenvalue). Writes e2e/fixtures/pca-floor-reference.json, which e2e/model-panel.spec.ts
compares the app's floor with (within 1e-3).

Usage: python3 scripts/pca-floor-reference.py [model folder name, default: the bundled default]
Needs NumPy. About 30 s and 1.5 GB of memory for the bundled model (d = 100, N = 20,000).
"""
import json
import struct
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "public" / "models"
OUT = ROOT / "e2e" / "fixtures" / "pca-floor-reference.json"
DTYPES = {"F32": np.float32, "F16": np.float16, "F64": np.float64}


def header_of(data: bytes) -> tuple[int, dict]:
    (header_len,) = struct.unpack("<Q", data[:8])
    return header_len, json.loads(data[8 : 8 + header_len])


def read_activations(path: Path) -> np.ndarray:
    data = path.read_bytes()
    header_len, header = header_of(data)
    info = header["activations"]
    if info["dtype"] not in DTYPES:
        sys.exit(f"{path}: activations are {info['dtype']}; this script reads F16, F32 or F64")
    start, end = info["data_offsets"]
    raw = data[8 + header_len + start : 8 + header_len + end]
    return np.frombuffer(raw, dtype=DTYPES[info["dtype"]]).astype(np.float64).reshape(info["shape"])


def rank_of(config: dict) -> int:
    d = int(config["d_model"])
    features = int(d * float(config.get("expansion", 16)))
    if config["kind"] in ("mixed", "combined"):
        return int(d * float(config.get("bottleneck") or 2))
    return features


def main() -> None:
    name = sys.argv[1] if len(sys.argv) > 1 else json.loads((MODELS / "index.json").read_text())["default"]
    folder = MODELS / name
    config = json.loads((folder / "config.json").read_text())
    _, weights = header_of((folder / "model.safetensors").read_bytes())
    if "left.bias" in weights:
        sys.exit("biased (v1) models reconstruct [1, x̂][1, x̂]ᵀ; this script handles unbiased ones")
    rank = rank_of(config)
    x = read_activations(folder / "probes.safetensors")
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    n, d = x.shape
    iu, ju = np.triu_indices(d)
    weight = np.where(iu == ju, 1.0, np.sqrt(2.0))  # z·z' = <x x^T, x' x'^T>_F
    started = time.time()
    second = np.zeros((len(iu), len(iu)))
    for s in range(0, n, 2000):
        z = x[s : s + 2000, iu] * x[s : s + 2000, ju] * weight
        second += z.T @ z
    second /= n
    eigenvalues = np.linalg.eigvalsh(second)[::-1]
    trace = float(np.trace(second))
    floor = trace - float(eigenvalues[:rank].sum())
    result = {
        "model": name,
        "rows": int(n),
        "d": int(d),
        "rank": rank,
        "floor": floor,
        "trace": trace,
        "method": "numpy float64: full second moment of the half-vectorised x̂x̂ᵀ, eigvalsh",
        "script": "scripts/pca-floor-reference.py",
        "seconds": round(time.time() - started, 1),
    }
    OUT.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
