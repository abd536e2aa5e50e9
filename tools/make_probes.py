#!/usr/bin/env python3
"""Make a BAE Explorer probe set (`probes.safetensors`, format `bae-probes` version 1).

Runs a Hugging Face causal language model over a text corpus, hooks the residual stream at one
decoder layer (by default its *input*, as `tdooms/bae` hooks it), and keeps `--rows` token
positions with their raw activations and a context window each. With `--bae` (a `tdooms/bae`
model folder) the rows kept are, for every composite, the exact top-k and bottom-k token
positions over everything read, plus a seeded uniform sample of the others; without it, a seeded
uniform sample. The output opens in BAE Explorer next to the model's `config.json` and
`model.safetensors`. Walk-through: docs/probes.md; the format: docs/formats.md section 2.

Needs Python >= 3.10 and torch; `transformers` to load a model (only `load_lm` uses it);
`datasets` only for `--dataset`. The importable core (`collect`, `Selector`, `Bae`,
`write_probes`, `main(argv, lm=...)`) takes any model and tokenizer with the interface below,
so it can be tested without `transformers`:

- model: a torch module, called as `model(input_ids=..., attention_mask=...)`, whose decoder
  blocks are `model.model.layers` (Llama/Qwen/Gemma/Mistral style; `model.transformer.h` and
  `model.gpt_neox.layers` are accepted too); block L's first positional argument (or its
  `hidden_states` keyword) is the residual stream entering it, and its output (or the first
  element of its output tuple) the residual stream leaving it.
- tokenizer: `encode(text, add_special_tokens=bool) -> list[int]`, `decode(list[int]) -> str`,
  `len(tokenizer)`, and the attributes `bos_token_id` and `pad_token_id` (may be None).
"""

from __future__ import annotations

import argparse
import ctypes
import json
import math
import os
import struct
import sys
import time
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Sequence

import torch

FORMAT = "bae-probes"
VERSION = "1"

OUT_DTYPES = {"f32": torch.float32, "f16": torch.float16, "bf16": torch.bfloat16}

_ST_TO_TORCH = {
    "F64": torch.float64,
    "F32": torch.float32,
    "F16": torch.float16,
    "BF16": torch.bfloat16,
    "I64": torch.int64,
    "I32": torch.int32,
    "I16": torch.int16,
    "I8": torch.int8,
    "U8": torch.uint8,
    "BOOL": torch.bool,
}
_TORCH_TO_ST = {v: k for k, v in _ST_TO_TORCH.items()}


# --------------------------------------------------------------------------------------------
# safetensors: a small reader and writer (the `safetensors` package is not required)
# --------------------------------------------------------------------------------------------


def read_safetensors(path: str) -> tuple[dict[str, torch.Tensor], dict[str, str]]:
    """Reads a safetensors file: an 8-byte little-endian header length N, N bytes of JSON
    `{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {...}}`, then the raw
    little-endian data (offsets count from the start of the data). Returns (tensors, metadata);
    every tensor is a CPU tensor of its stored dtype."""
    with open(path, "rb") as f:
        blob = f.read()
    if len(blob) < 8:
        raise ValueError(f"{path}: {len(blob)} bytes, too short for a safetensors file")
    (n,) = struct.unpack("<Q", blob[:8])
    if n > len(blob) - 8:
        raise ValueError(f"{path}: header length {n} runs past the end of the file")
    try:
        header = json.loads(blob[8 : 8 + n].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ValueError(f"{path}: the header is not UTF-8 JSON ({e})") from None
    if not isinstance(header, dict):
        raise ValueError(f"{path}: the header is not a JSON object")
    metadata = header.pop("__metadata__", None) or {}
    data = memoryview(blob)[8 + n :]
    tensors: dict[str, torch.Tensor] = {}
    for name, info in header.items():
        dtype = _ST_TO_TORCH.get(info.get("dtype"))
        if dtype is None:
            raise ValueError(f"{path}: tensor {name!r} has unsupported dtype {info.get('dtype')!r}")
        shape = [int(s) for s in info["shape"]]
        begin, end = (int(o) for o in info["data_offsets"])
        count = math.prod(shape)
        item = torch.tensor([], dtype=dtype).element_size()
        if not 0 <= begin <= end <= len(data) or end - begin != count * item:
            raise ValueError(f"{path}: tensor {name!r} has offsets that disagree with its shape")
        raw = bytearray(data[begin:end])  # a copy: torch.frombuffer needs a writable buffer
        flat = torch.frombuffer(raw, dtype=dtype) if count else torch.empty(0, dtype=dtype)
        tensors[name] = flat.reshape(shape)
    return tensors, metadata


def _tensor_bytes(t: torch.Tensor) -> bytes:
    """The raw little-endian bytes of a CPU tensor (copied straight from its memory, so no
    numpy is needed and every dtype, BF16 included, works)."""
    t = t.detach().to("cpu").contiguous()
    n = t.numel() * t.element_size()
    if sys.byteorder != "little":  # pragma: no cover - every platform torch runs on is LE
        raise RuntimeError("writing safetensors needs a little-endian machine")
    return ctypes.string_at(t.data_ptr(), n) if n else b""


def write_safetensors(
    path: str, tensors: dict[str, torch.Tensor], metadata: dict[str, str] | None = None
) -> int:
    """Writes `tensors` (in the given order) and string `metadata` as a safetensors file; the
    header is padded with spaces to a multiple of 8 bytes. Returns the file size in bytes."""
    header: dict[str, Any] = {}
    if metadata:
        for k, v in metadata.items():
            if not isinstance(k, str) or not isinstance(v, str):
                raise TypeError(f"safetensors metadata must map str to str (key {k!r})")
        header["__metadata__"] = dict(metadata)
    blobs = []
    offset = 0
    for name, t in tensors.items():
        if t.dtype not in _TORCH_TO_ST:
            raise TypeError(f"tensor {name!r}: dtype {t.dtype} has no safetensors name")
        b = _tensor_bytes(t)
        header[name] = {
            "dtype": _TORCH_TO_ST[t.dtype],
            "shape": list(t.shape),
            "data_offsets": [offset, offset + len(b)],
        }
        blobs.append(b)
        offset += len(b)
    text = json.dumps(header, ensure_ascii=True, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    tmp = f"{path}.part"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)
    os.replace(tmp, path)
    return 8 + len(text) + offset


# --------------------------------------------------------------------------------------------
# The BAE: the app's encoder maths (docs/formats.md section 1, DESIGN section 2)
# --------------------------------------------------------------------------------------------


@dataclass
class Bae:
    """A `tdooms/bae` model's encoder, computed like BAE Explorer does:
    x_hat = x / |x|;  f_j = (l_j . x_hat + b_j)(r_j . x_hat + c_j)  (b = c = 0 without biases);
    h = D f with `down` (mixed, combined), else h = f (vanilla, ordered; C = F)."""

    left: torch.Tensor  # [F, d]
    right: torch.Tensor  # [F, d]
    down: torch.Tensor | None = None  # [C, F]
    left_bias: torch.Tensor | None = None  # [F]
    right_bias: torch.Tensor | None = None  # [F]
    name: str = "bae"
    config: dict[str, Any] = field(default_factory=dict)

    @property
    def d(self) -> int:
        return int(self.left.shape[1])

    @property
    def n_composites(self) -> int:
        return int(self.down.shape[0] if self.down is not None else self.left.shape[0])

    @classmethod
    def load(cls, folder: str, device: str | torch.device = "cpu") -> "Bae":
        """Reads a model folder (config.json + model.safetensors); weights become float32."""
        cfg_path = os.path.join(folder, "config.json")
        st_path = os.path.join(folder, "model.safetensors")
        for p in (cfg_path, st_path):
            if not os.path.isfile(p):
                raise FileNotFoundError(f"{p} is missing: --bae needs a tdooms/bae model folder")
        with open(cfg_path, encoding="utf-8") as f:
            config = json.load(f)
        tensors, _ = read_safetensors(st_path)
        biased = "left.weight" in tensors
        names = ("left.weight", "right.weight") if biased else ("left", "right")
        missing = [n for n in names if n not in tensors]
        if biased:
            missing += [n for n in ("left.bias", "right.bias") if n not in tensors]
        if missing:
            raise ValueError(
                f"{st_path}: tensors {missing} are missing (present: {sorted(tensors)})"
            )

        def f32(name: str) -> torch.Tensor:
            t = tensors[name]
            if not t.is_floating_point():
                raise ValueError(f"{st_path}: tensor {name!r} is {t.dtype}, not a float")
            return t.to(device=device, dtype=torch.float32)

        left, right = f32(names[0]), f32(names[1])
        down = f32("down") if "down" in tensors else None
        kind = config.get("kind")
        if kind in ("mixed", "combined") and down is None:
            raise ValueError(f"{st_path}: config.json says kind {kind!r} but there is no 'down'")
        if left.ndim != 2 or right.shape != left.shape:
            raise ValueError(
                f"{st_path}: left {list(left.shape)} and right {list(right.shape)} "
                "must both be [F, d]"
            )
        if down is not None and (down.ndim != 2 or down.shape[1] != left.shape[0]):
            raise ValueError(f"{st_path}: down {list(down.shape)} must be [C, F={left.shape[0]}]")
        d_model = config.get("d_model")
        if d_model is not None and int(d_model) != left.shape[1]:
            raise ValueError(
                f"{cfg_path}: d_model is {d_model} but the weights have width {left.shape[1]}"
            )
        return cls(
            left=left,
            right=right,
            down=down,
            left_bias=f32("left.bias") if biased else None,
            right_bias=f32("right.bias") if biased else None,
            name=os.path.basename(os.path.normpath(folder)),
            config=config,
        )

    def to(self, device: str | torch.device) -> "Bae":
        move = lambda t: None if t is None else t.to(device)  # noqa: E731
        return Bae(
            move(self.left),
            move(self.right),
            move(self.down),
            move(self.left_bias),
            move(self.right_bias),
            self.name,
            self.config,
        )

    @property
    def device(self) -> torch.device:
        return self.left.device

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        """Composite values h [n, C] (float32) of raw activations x [n, d]."""
        x = x.to(device=self.device, dtype=torch.float32)
        x = x / x.norm(dim=-1, keepdim=True)
        a = x @ self.left.T
        b = x @ self.right.T
        if self.left_bias is not None:
            a = a + self.left_bias
        if self.right_bias is not None:
            b = b + self.right_bias
        f = a * b
        return f @ self.down.T if self.down is not None else f


# --------------------------------------------------------------------------------------------
# Selection: streaming exact top-k / bottom-k per composite + a seeded uniform sample
# --------------------------------------------------------------------------------------------


def default_top_k(rows: int, n_composites: int) -> int:
    """Half the row budget goes to the extremes: k = max(1, rows // (4 C)), so that the top-k
    and bottom-k of all C composites (2 k C rows at most) fill at most half of `rows`."""
    return max(1, rows // (4 * n_composites))


def choose_top_k(rows: int, n_composites: int, top_k: int | None) -> int:
    """The k to use (`top_k`, or the default); raises ValueError when 2 k C rows do not fit."""
    k = default_top_k(rows, n_composites) if top_k is None else top_k
    if k < 0:
        raise ValueError("--top-k must be >= 0")
    if 2 * k * n_composites > rows:
        raise ValueError(
            f"top-{k} and bottom-{k} of {n_composites:,} composites may need "
            f"{2 * k * n_composites:,} rows, more than --rows {rows:,}: "
            "lower --top-k or raise --rows"
        )
    return k


class Selector:
    """Chooses the rows of a probe set from a stream of token positions, in bounded memory.

    Every position gets a global id (its order in the stream) and a uniform random key from a
    seeded generator. The selector keeps
    - the `rows` positions of smallest key (a reservoir: a uniform sample without replacement);
    - with a BAE, for every composite the k positions of largest h and the k of smallest h,
      as running [C, k] tensors of (value, id) merged with each batch by `torch.topk`, so they
      are the exact top/bottom-k over everything seen;
    and the activations, windows and sources of exactly the positions that some running set
    still names, in a fixed pool of `rows + 2 k C` slots (a position leaving every set frees
    its slot). Memory is therefore O((rows + 2 k C) (d + T)) whatever the corpus size.

    At the end the probe set is the union of every composite's top-k and bottom-k (the
    "extremes"), plus the positions of smallest key that are not extremes, up to `rows` in all:
    a uniform sample of the other positions."""

    def __init__(
        self,
        rows: int,
        d: int,
        window: int,
        *,
        out_dtype: torch.dtype = torch.float16,
        seed: int = 0,
        bae: Bae | None = None,
        top_k: int | None = None,
    ) -> None:
        if rows < 1:
            raise ValueError("rows must be at least 1")
        self.rows, self.d, self.window = rows, d, window
        self.out_dtype = out_dtype
        self.bae = bae
        self.gen = torch.Generator().manual_seed(seed)
        self.seen = 0
        self.k = 0
        if bae is not None:
            if bae.d != d:
                raise ValueError(
                    f"the BAE reads width {bae.d} but the hooked activations have width {d}: "
                    "use the language model and layer the BAE was trained on"
                )
            C = bae.n_composites
            self.k = choose_top_k(rows, C, top_k)
            dev = bae.device
            self.top_v = torch.empty(C, 0, device=dev)
            self.top_id = torch.empty(C, 0, dtype=torch.long, device=dev)
            self.bot_v = torch.empty(C, 0, device=dev)
            self.bot_id = torch.empty(C, 0, dtype=torch.long, device=dev)
        self.res_key = torch.empty(0, dtype=torch.float64)
        self.res_id = torch.empty(0, dtype=torch.long)
        cap = rows + (2 * self.k * bae.n_composites if bae is not None else 0)
        self.pool_id = torch.full((cap,), -1, dtype=torch.long)
        self.pool_act = torch.zeros(cap, d, dtype=out_dtype)
        self.pool_win = torch.full((cap, window), -1, dtype=torch.int32)
        self.pool_src = torch.zeros(cap, 2, dtype=torch.long)

    def _merge(self, v, ids, new_v, new_ids, largest: bool):
        C = new_v.shape[1]
        allv = torch.cat([v, new_v.T], dim=1)
        alli = torch.cat([ids, new_ids.to(v.device).expand(C, -1)], dim=1)
        k = min(self.k, allv.shape[1])
        best, idx = torch.topk(allv, k, dim=1, largest=largest, sorted=True)
        return best, torch.gather(alli, 1, idx)

    def add(self, acts: torch.Tensor, windows: torch.Tensor, sources: torch.Tensor) -> None:
        """Offers a batch of n positions: activations [n, d] (any device or float dtype),
        windows [n, T] int32 and sources [n, 2] int64 (document, token index)."""
        n = acts.shape[0]
        if n == 0:
            return
        ids = torch.arange(self.seen, self.seen + n, dtype=torch.long)
        self.seen += n
        keys = torch.rand(n, generator=self.gen, dtype=torch.float64)
        rk = torch.cat([self.res_key, keys])
        ri = torch.cat([self.res_id, ids])
        if rk.numel() > self.rows:
            rk, order = torch.topk(rk, self.rows, largest=False, sorted=False)
            ri = ri[order]
        self.res_key, self.res_id = rk, ri
        needed = [self.res_id]
        if self.bae is not None and self.k > 0:
            h = self.bae.encode(acts)
            self.top_v, self.top_id = self._merge(self.top_v, self.top_id, h, ids, True)
            self.bot_v, self.bot_id = self._merge(self.bot_v, self.bot_id, h, ids, False)
            needed += [self.top_id.flatten().cpu(), self.bot_id.flatten().cpu()]
        need = torch.unique(torch.cat(needed))
        # Free the slots of positions no set names any more, then store the batch's new ones.
        stale = (self.pool_id >= 0) & ~torch.isin(self.pool_id, need)
        self.pool_id[stale] = -1
        take = torch.isin(ids, need).nonzero().flatten()
        if take.numel():
            free = (self.pool_id < 0).nonzero().flatten()[: take.numel()]
            assert free.numel() == take.numel(), "probe pool overflow (a bug)"
            stored = acts.detach()[take.to(acts.device)].to("cpu", self.out_dtype)
            if not torch.isfinite(stored).all():
                raise ValueError(
                    f"some activations are not finite in {self.out_dtype} (too large for "
                    "float16, or NaN from the model): try --dtype bf16 or f32"
                )
            self.pool_id[free] = ids[take]
            self.pool_act[free] = stored
            self.pool_win[free] = windows[take].to(torch.int32)
            self.pool_src[free] = sources[take].to(torch.long)

    def result(self) -> dict[str, Any]:
        """The chosen rows, in stream order: activations [N, d], tokens [N, T] int32, sources
        [N, 2] (document, token index), ids [N], and a description of the selection."""
        extremes = torch.empty(0, dtype=torch.long)
        top = bottom = None
        if self.bae is not None and self.k > 0 and self.seen:
            top = {"values": self.top_v.cpu(), "ids": self.top_id.cpu()}
            bottom = {"values": self.bot_v.cpu(), "ids": self.bot_id.cpu()}
            extremes = torch.unique(torch.cat([top["ids"].flatten(), bottom["ids"].flatten()]))
        order = torch.argsort(self.res_key)
        candidates = self.res_id[order]
        candidates = candidates[~torch.isin(candidates, extremes)]
        n_sample = max(0, min(self.rows - extremes.numel(), candidates.numel()))
        sample = candidates[:n_sample]
        chosen = torch.sort(torch.cat([extremes, sample])).values
        slot_of = dict(zip(self.pool_id.tolist(), range(self.pool_id.numel())))
        slots = torch.tensor([slot_of[i] for i in chosen.tolist()], dtype=torch.long)
        selection: dict[str, Any] = {
            "method": "bae-extremes+uniform" if self.bae is not None else "uniform",
            "tokens_read": self.seen,
            "rows": int(chosen.numel()),
            "sample_rows": int(n_sample),
        }
        if self.bae is not None:
            selection.update(
                bae=self.bae.name,
                composites=self.bae.n_composites,
                top_k=self.k,
                bottom_k=self.k,
                extreme_rows=int(extremes.numel()),
            )
        return {
            "activations": self.pool_act[slots].clone(),
            "tokens": self.pool_win[slots].clone(),
            "sources": self.pool_src[slots].clone(),
            "ids": chosen,
            "selection": selection,
            "top": top,
            "bottom": bottom,
        }


# --------------------------------------------------------------------------------------------
# The language model: loading (the only part that needs transformers) and the hook
# --------------------------------------------------------------------------------------------


def load_lm(name: str, device: str | torch.device, dtype: torch.dtype) -> tuple[Any, Any]:
    """Loads a Hugging Face causal LM and its tokenizer (id on the Hub or a local folder), in
    eval mode on `device` with weights in `dtype`. Returns (model, tokenizer). Anything with
    the same interface (see this file's docstring) can be passed to `collect` instead."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(name)
    model = AutoModelForCausalLM.from_pretrained(name, torch_dtype=dtype)
    return model.to(device).eval(), tokenizer


def decoder_layers(model: Any) -> Sequence[torch.nn.Module]:
    """The model's list of decoder blocks (`model.model.layers`, as tdooms/bae hooks it)."""
    for path in ("model.layers", "transformer.h", "gpt_neox.layers", "layers"):
        obj = model
        for part in path.split("."):
            obj = getattr(obj, part, None)
            if obj is None:
                break
        if obj is not None:
            return obj
    raise ValueError(
        "cannot find the decoder blocks: expected model.model.layers (or model.transformer.h, "
        "model.gpt_neox.layers)"
    )


class _Captured(Exception):
    """Raised from the hook once the activations are captured: the rest of the forward pass
    (later layers, the vocabulary projection) is skipped."""


def _first_tensor(value: Any) -> torch.Tensor:
    return value[0] if isinstance(value, (tuple, list)) else value


def hooked_forward(
    model: Any,
    layer: int,
    site: str,
    input_ids: torch.Tensor,
    attention_mask: torch.Tensor,
) -> torch.Tensor:
    """The residual stream [B, S, d] entering (`site="input"`) or leaving (`"output"`) decoder
    block `layer` for a batch; the forward pass stops there."""
    layers = decoder_layers(model)
    if not -len(layers) <= layer < len(layers):
        raise ValueError(f"--layer {layer} is outside the model's {len(layers)} decoder layers")
    block = layers[layer]
    box: list[torch.Tensor] = []

    if site == "input":

        def pre(_module, args, kwargs=None):
            box.append(args[0] if args else (kwargs or {})["hidden_states"])
            raise _Captured

        try:
            handle = block.register_forward_pre_hook(pre, with_kwargs=True)
        except TypeError:  # torch < 2.0: no with_kwargs (the stream is then args[0])
            handle = block.register_forward_pre_hook(lambda m, a: pre(m, a))
    elif site == "output":

        def post(_module, _args, output):
            box.append(_first_tensor(output))
            raise _Captured

        handle = block.register_forward_hook(post)
    else:
        raise ValueError(f"--site must be 'input' or 'output', not {site!r}")
    try:
        with torch.inference_mode():
            model(input_ids=input_ids, attention_mask=attention_mask)
    except _Captured:
        pass
    finally:
        handle.remove()
    if not box:
        raise RuntimeError(f"decoder layer {layer} was never called in the forward pass")
    return box[0]


def model_device(model: Any) -> torch.device:
    try:
        return next(model.parameters()).device
    except (StopIteration, AttributeError):
        return torch.device("cpu")


def vocab_of(tokenizer: Any) -> list[str]:
    """Token id -> text, as the tokenizer decodes each id on its own (leading spaces kept)."""
    ids = [[i] for i in range(len(tokenizer))]
    if hasattr(tokenizer, "batch_decode"):  # Hugging Face tokenizers: one call, much faster
        return list(tokenizer.batch_decode(ids))
    return [tokenizer.decode(i) for i in ids]


def special_prefix(tokenizer: Any) -> list[int]:
    """The ids the tokenizer puts before a text (e.g. [bos] for Llama/Gemma, [] for Qwen)."""
    probe = "Hello world"
    bare = list(tokenizer.encode(probe, add_special_tokens=False))
    full = list(tokenizer.encode(probe, add_special_tokens=True))
    i = len(full) - len(bare)
    return full[:i] if i >= 0 and full[i:] == bare else []


# --------------------------------------------------------------------------------------------
# Corpus
# --------------------------------------------------------------------------------------------


def iter_text_files(paths: Iterable[str], field: str = "text") -> Iterator[str]:
    """Documents of .txt files (one file = one document) and .jsonl files (one JSON object per
    line, its `field` holding the text)."""
    for path in paths:
        if path.endswith(".jsonl"):
            with open(path, encoding="utf-8") as f:
                for n, line in enumerate(f, 1):
                    if not line.strip():
                        continue
                    row = json.loads(line)
                    text = row.get(field) if isinstance(row, dict) else None
                    if not isinstance(text, str):
                        raise ValueError(f"{path}:{n}: no string field {field!r}")
                    yield text
        else:
            with open(path, encoding="utf-8") as f:
                yield f.read()


def iter_dataset(name: str, config: str | None, split: str, field: str) -> Iterator[str]:
    """Documents of a Hugging Face dataset, streamed (nothing is downloaded in full)."""
    try:
        import datasets
    except ImportError:
        raise SystemExit("--dataset needs the `datasets` package: pip install datasets") from None
    ds = datasets.load_dataset(name, config, split=split, streaming=True)
    for row in ds:
        text = row.get(field)
        if isinstance(text, str):
            yield text


# --------------------------------------------------------------------------------------------
# Progress bar (stderr; tqdm is not assumed)
# --------------------------------------------------------------------------------------------


class Progress:
    """A one-line progress bar on stderr ('\\r'-redrawn on a terminal, a line every 10 %
    otherwise)."""

    def __init__(self, total: int | None, unit: str = "tokens", enabled: bool = True) -> None:
        self.total, self.unit, self.enabled = total, unit, enabled
        self.n = 0
        self.t0 = time.monotonic()
        self.last = 0.0
        self.tty = sys.stderr.isatty()
        self.next_tenth = 1
        self.printed = -1  # the count of the last line printed off a terminal

    def _line(self) -> str:
        dt = max(time.monotonic() - self.t0, 1e-9)
        rate = self.n / dt
        if self.total:
            frac = min(1.0, self.n / self.total)
            bar = "#" * int(frac * 30)
            eta = (self.total - self.n) / rate if rate > 0 else float("inf")
            eta_s = f"{eta:,.0f} s" if math.isfinite(eta) else "?"
            return (
                f"[{bar:<30}] {self.n:,}/{self.total:,} {self.unit} "
                f"{rate:,.0f}/s, {dt:,.0f} s elapsed, ETA {eta_s}"
            )
        return f"{self.n:,} {self.unit} {rate:,.0f}/s, {dt:,.0f} s elapsed"

    def update(self, n: int) -> None:
        self.n += n
        if not self.enabled:
            return
        now = time.monotonic()
        if self.tty:
            if now - self.last >= 0.2:
                self.last = now
                sys.stderr.write("\r" + self._line() + "\033[K")
                sys.stderr.flush()
        elif self.total and self.n * 10 >= self.next_tenth * self.total:
            while self.n * 10 >= self.next_tenth * self.total:
                self.next_tenth += 1
            sys.stderr.write(self._line() + "\n")
            self.printed = self.n

    def close(self) -> None:
        if self.enabled and (self.tty or self.printed != self.n):
            sys.stderr.write(("\r" if self.tty else "") + self._line() + "\n")
            sys.stderr.flush()


# --------------------------------------------------------------------------------------------
# Collection
# --------------------------------------------------------------------------------------------


def _chunks(
    tokenizer: Any, texts: Iterable[str], seq_len: int, prefix: list[int]
) -> Iterator[tuple[int, int, list[int]]]:
    """(document index, index of the chunk's first token in the document, token ids) for every
    chunk of at most seq_len - len(prefix) text tokens of every document."""
    body = seq_len - len(prefix)
    if body < 1:
        raise ValueError(f"--seq-len {seq_len} leaves no room after the {len(prefix)} prefix ids")
    for doc, text in enumerate(texts):
        ids = list(tokenizer.encode(text, add_special_tokens=False))
        for start in range(0, len(ids), body):
            yield doc, start, ids[start : start + body]


def collect(
    model: Any,
    tokenizer: Any,
    texts: Iterable[str],
    *,
    layer: int,
    site: str = "input",
    bae: Bae | None = None,
    rows: int = 65_536,
    window: int = 16,
    seq_len: int = 256,
    batch_size: int = 8,
    max_tokens: int | None = None,
    dtype: torch.dtype = torch.float16,
    seed: int = 0,
    top_k: int | None = None,
    progress: bool = True,
) -> dict[str, Any]:
    """Runs `model` over `texts` and selects the probe rows (see Selector).

    Each document is tokenised without special tokens and cut into chunks of at most
    `seq_len` tokens including the tokenizer's own prefix (its BOS, if it adds one), which
    every chunk gets; each chunk is a separate context for the model. Positions holding the
    BOS or padding id are never rows, and show as -1 in windows; so do the slots before the
    chunk's start. A row's window is the `window` tokens of its chunk ending at the row's
    token (its last slot). Reading stops after `max_tokens` candidate positions.

    Returns the Selector's result plus `window`, `tokens_read`, `documents` and `d`."""
    if window < 1:
        raise ValueError("--window must be at least 1")
    device = model_device(model)
    prefix = special_prefix(tokenizer)
    skip = {i for i in (tokenizer.bos_token_id, tokenizer.pad_token_id) if i is not None}
    pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
    if bae is not None:
        choose_top_k(rows, bae.n_composites, top_k)  # fail before reading anything
        bae = bae.to(device)
    selector: Selector | None = None
    bar = Progress(max_tokens, enabled=progress)
    budget = max_tokens if max_tokens is not None else math.inf
    documents = 0
    skip_t = torch.tensor(sorted(skip), dtype=torch.long)

    def run(batch: list[tuple[int, int, list[int]]]) -> None:
        nonlocal selector
        S = max(len(prefix) + len(ids) for _, _, ids in batch)
        B = len(batch)
        input_ids = torch.full((B, S), pad_id, dtype=torch.long)
        mask = torch.zeros(B, S, dtype=torch.long)
        src = torch.zeros(B, S, 2, dtype=torch.long)
        for b, (doc, start, ids) in enumerate(batch):
            full = prefix + ids
            input_ids[b, : len(full)] = torch.tensor(full, dtype=torch.long)
            mask[b, : len(full)] = 1
            src[b, :, 0] = doc
            src[b, :, 1] = torch.arange(S) - len(prefix) + start
        real = mask.bool() & ~torch.isin(input_ids, skip_t)
        real[:, : len(prefix)] = False
        hidden = hooked_forward(model, layer, site, input_ids.to(device), mask.to(device))
        shown = torch.where(real, input_ids, torch.full_like(input_ids, -1))
        padded = torch.cat([torch.full((B, window - 1), -1, dtype=torch.long), shown], dim=1)
        windows = padded.unfold(1, window, 1)  # [B, S, T]
        # Drop positions whose activation is all zeros (the app cannot normalise them).
        real &= (hidden.float().norm(dim=-1) > 0).cpu()
        flat = real.flatten().nonzero().flatten()
        acts = hidden.reshape(B * S, -1)[flat.to(hidden.device)]
        if selector is None:
            selector = Selector(
                rows, acts.shape[1], window, out_dtype=dtype, seed=seed, bae=bae, top_k=top_k
            )
        selector.add(acts, windows.reshape(B * S, window)[flat], src.reshape(B * S, 2)[flat])
        bar.update(int(flat.numel()))

    batch: list[tuple[int, int, list[int]]] = []
    read = 0
    for doc, start, ids in _chunks(tokenizer, texts, seq_len, prefix):
        if read >= budget:
            break
        documents = doc + 1
        if len(ids) > budget - read:
            ids = ids[: int(budget - read)]
        batch.append((doc, start, ids))
        read += sum(1 for i in ids if i not in skip)
        if len(batch) == batch_size:
            run(batch)
            batch = []
    if batch:
        run(batch)
    bar.close()
    if selector is None:
        raise ValueError("the corpus holds no tokens")
    result = selector.result()
    result.update(window=window, tokens_read=selector.seen, documents=documents, d=selector.d)
    return result


def write_probes(
    path: str,
    result: dict[str, Any],
    vocab: list[str],
    description: str,
    extra_metadata: dict[str, str] | None = None,
) -> int:
    """Writes a `bae-probes` v1 file (docs/formats.md section 2) from `collect`'s result:
    activations [N, d], tokens [N, T] int32 (-1 padding), position [N] int32 = T - 1.
    Returns the file size in bytes."""
    n, window = result["tokens"].shape
    metadata = {
        "format": FORMAT,
        "version": VERSION,
        "vocab": json.dumps(vocab, ensure_ascii=True),
        "rows": "tokens",
        "description": description,
        "selection": json.dumps(result["selection"]),
    }
    metadata.update(extra_metadata or {})
    return write_safetensors(
        path,
        {
            "activations": result["activations"].contiguous(),
            "tokens": result["tokens"].to(torch.int32).contiguous(),
            "position": torch.full((n,), window - 1, dtype=torch.int32),
        },
        metadata,
    )


def describe(
    model_name: str, layer: int, site: str, corpus: str, result: dict[str, Any]
) -> str:
    """The probe set's `description`: model, site, layer, corpus and selection, in words."""
    sel = result["selection"]
    where = (
        f"input of decoder layer {layer} (the residual stream before it)"
        if site == "input"
        else f"output of decoder layer {layer} (the residual stream after it)"
    )
    if sel["method"] == "uniform":
        how = f"a uniform sample (seeded) of {sel['rows']:,} positions"
    else:
        how = (
            f"for each of the {sel['composites']:,} composites of {sel['bae']}, its "
            f"top-{sel['top_k']} and bottom-{sel['bottom_k']} positions over all tokens read "
            f"({sel['extreme_rows']:,} distinct rows), plus a uniform sample (seeded) of "
            f"{sel['sample_rows']:,} other positions"
        )
    return (
        f"{model_name}, {where}; {result['tokens_read']:,} tokens of {corpus}; {how}; "
        f"windows of {result['window']} tokens ending at the row's token."
    )


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="make_probes.py",
        description="Make a BAE Explorer probe set (probes.safetensors) from a language model's "
        "activations over a text corpus. See docs/probes.md.",
    )
    p.add_argument("--model", required=True, help="Hugging Face model id or local folder")
    p.add_argument(
        "--layer",
        type=int,
        help="decoder layer to hook (default: the `layer` of the --bae model's config.json)",
    )
    p.add_argument(
        "--site",
        choices=("input", "output"),
        default="input",
        help="input (default): the residual stream entering model.model.layers[L], as "
        "tdooms/bae hooks it; output: the stream leaving it",
    )
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--text", nargs="+", help=".txt files (one document each) or .jsonl files")
    src.add_argument("--dataset", help="a Hugging Face dataset name, streamed (needs datasets)")
    p.add_argument("--dataset-config", default=None, help="the dataset's config (subset) name")
    p.add_argument("--dataset-split", default="train")
    p.add_argument(
        "--dataset-field", default="text", help="the text field of dataset rows / jsonl lines"
    )
    p.add_argument(
        "--max-tokens", type=int, default=1_000_000, help="tokens to read (default 1,000,000)"
    )
    p.add_argument("--rows", type=int, default=65_536, help="rows to keep (default 65,536)")
    p.add_argument("--window", type=int, default=16, help="context window per row (default 16)")
    p.add_argument(
        "--bae",
        help="a tdooms/bae model folder (config.json + model.safetensors): keep every "
        "composite's top-k and bottom-k positions plus a uniform sample",
    )
    p.add_argument(
        "--top-k",
        type=int,
        default=None,
        help="with --bae: rows kept per composite at each end (default rows // (4 C), ≥ 1)",
    )
    p.add_argument("--dtype", choices=tuple(OUT_DTYPES), default="f16", help="stored activations")
    p.add_argument(
        "--lm-dtype",
        choices=("auto", *OUT_DTYPES),
        default="auto",
        help="weights of the language model (auto: bf16 on CUDA, f32 on CPU)",
    )
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto")
    p.add_argument("--batch-size", type=int, default=8, help="chunks per forward pass")
    p.add_argument("--seq-len", type=int, default=256, help="tokens per chunk (default 256)")
    p.add_argument("--out", default="probes.safetensors")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None, lm: tuple[Any, Any] | None = None) -> dict[str, Any]:
    """The command line. `lm` = (model, tokenizer) skips `load_lm` (for tests). Returns the
    collected result with `path`, `bytes`, `seconds` and `description` added."""
    t0 = time.monotonic()
    args = parse_args(argv)
    say = (lambda *a: None) if args.quiet else (lambda *a: print(*a, file=sys.stderr))
    device = args.device
    if device == "auto":
        device = "cuda" if torch.cuda.is_available() else "cpu"
    bae = Bae.load(args.bae, device) if args.bae else None
    if bae is not None:
        try:
            choose_top_k(args.rows, bae.n_composites, args.top_k)  # before loading the LM
        except ValueError as e:
            raise SystemExit(str(e)) from None
    layer = args.layer
    if layer is None:
        if bae is None or bae.config.get("layer") is None:
            raise SystemExit("--layer is required (or pass --bae with a config.json that has one)")
        layer = int(bae.config["layer"])
    elif bae is not None and bae.config.get("layer") not in (None, layer):
        say(f"warning: {args.bae} was trained at layer {bae.config['layer']}, hooking {layer}")
    if lm is None:
        lm_dtype = args.lm_dtype
        if lm_dtype == "auto":
            lm_dtype = "bf16" if device == "cuda" else "f32"
        say(f"loading {args.model} on {device} ({lm_dtype})…")
        lm = load_lm(args.model, device, OUT_DTYPES[lm_dtype])
    model, tokenizer = lm
    if args.text:
        texts = iter_text_files(args.text, args.dataset_field)
        corpus = ", ".join(os.path.basename(t) for t in args.text)
    else:
        texts = iter_dataset(
            args.dataset, args.dataset_config, args.dataset_split, args.dataset_field
        )
        corpus = args.dataset + (f"/{args.dataset_config}" if args.dataset_config else "")
        corpus += f" ({args.dataset_split})"
    result = collect(
        model,
        tokenizer,
        texts,
        layer=layer,
        site=args.site,
        bae=bae,
        rows=args.rows,
        window=args.window,
        seq_len=args.seq_len,
        batch_size=args.batch_size,
        max_tokens=args.max_tokens,
        dtype=OUT_DTYPES[args.dtype],
        seed=args.seed,
        top_k=args.top_k,
        progress=not args.quiet,
    )
    description = describe(args.model, layer, args.site, corpus, result)
    extra = {
        "model": args.model,
        "layer": str(layer),
        "site": args.site,
        "corpus": corpus,
    }
    size = write_probes(args.out, result, vocab_of(tokenizer), description, extra)
    n, d = result["activations"].shape
    seconds = time.monotonic() - t0
    say(
        f"wrote {args.out}: {n:,} rows × d={d} ({args.dtype}), window {result['window']}, "
        f"{size / 1e6:,.1f} MB ({size:,} bytes), from {result['tokens_read']:,} tokens in {seconds:,.1f} s"
    )
    say(description)
    result.update(path=args.out, bytes=size, seconds=seconds, description=description)
    return result


if __name__ == "__main__":
    main()
