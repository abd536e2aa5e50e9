#!/usr/bin/env python3
"""Tests of tools/make_probes.py (unittest; needs torch only, not transformers).

A tiny randomly initialised causal LM made of real torch modules, shaped like a Hugging Face
model (`model.model.layers[i]` decoder blocks called with the residual stream as their first
argument), with d_model = 16 like the fixture BAE e2e/fixtures/tiny-mixed, and a word-level
tokenizer with a BOS, run the script's command line on tools/testdata/ with that BAE. The
checks recompute everything independently: the hooked activations (the test's own hook, one
chunk at a time, no padding), the windows, the composite values h in float64 from the weights
read by the test's own safetensors reader, and the app's reading of the file (src/core/probes.ts
through Node).

    python3 tools/test_make_probes.py              # run the tests
    python3 tools/test_make_probes.py --emit DIR   # write DIR/probes.safetensors (and
                                                   # DIR/expected.json) for e2e/probes-tool.spec.ts
"""

from __future__ import annotations

import json
import math
import os
import re
import struct
import subprocess
import sys
import tempfile
import time
import unittest
from types import SimpleNamespace

import torch
import torch.nn.functional as F
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import make_probes as mp  # noqa: E402

FIXTURES = os.path.join(ROOT, "e2e", "fixtures")
BAE_DIR = os.path.join(FIXTURES, "tiny-mixed")
CORPUS = [os.path.join(HERE, "testdata", name) for name in ("corpus.txt", "corpus.jsonl")]
LAYER = 3  # tiny-mixed's config.json says layer 3
SEQ_LEN = 32
WINDOW = 8


# --------------------------------------------------------------------------------------------
# A tiny causal LM and tokenizer with the Hugging Face interface the script uses
# --------------------------------------------------------------------------------------------


class WordTokenizer:
    """Word-level: a token is a run of letters/digits or one other character, with the
    whitespace before it (" the", "\\nA", ","). Id 0 is <pad>, 1 is <bos> (added in front by
    add_special_tokens=True), 2 is <unk>."""

    PATTERN = re.compile(r"\s*\w+|\s*[^\w\s]")

    def __init__(self, texts):
        words = sorted({w for t in texts for w in self.PATTERN.findall(t)})
        self.vocab = ["<pad>", "<bos>", "<unk>", *words]
        self.index = {w: i for i, w in enumerate(self.vocab)}
        self.pad_token_id, self.bos_token_id = 0, 1

    def __len__(self):
        return len(self.vocab)

    def encode(self, text, add_special_tokens=True):
        ids = [self.index.get(w, 2) for w in self.PATTERN.findall(text)]
        return [self.bos_token_id, *ids] if add_special_tokens else ids

    def __call__(self, text, add_special_tokens=True):
        return {"input_ids": self.encode(text, add_special_tokens)}

    def decode(self, ids):
        return "".join(self.vocab[i] for i in ids)


class Block(nn.Module):
    """Pre-norm decoder block: causal self-attention and an MLP, each added to the stream."""

    def __init__(self, d, heads=2):
        super().__init__()
        self.heads = heads
        self.norm1, self.norm2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.qkv, self.o = nn.Linear(d, 3 * d), nn.Linear(d, d)
        self.up, self.down = nn.Linear(d, 4 * d), nn.Linear(4 * d, d)

    def forward(self, hidden_states, attention_mask=None):
        B, S, d = hidden_states.shape
        H = self.heads
        q, k, v = self.qkv(self.norm1(hidden_states)).split(d, dim=-1)
        q, k, v = (t.view(B, S, H, d // H).transpose(1, 2) for t in (q, k, v))
        scores = q @ k.transpose(-1, -2) / math.sqrt(d // H)
        allowed = torch.ones(S, S, dtype=torch.bool, device=q.device).tril()
        if attention_mask is not None:
            allowed = allowed & attention_mask.bool()[:, None, None, :]
        att = scores.masked_fill(~allowed, float("-inf")).softmax(-1)
        h = hidden_states + self.o((att @ v).transpose(1, 2).reshape(B, S, d))
        return (h + self.down(F.gelu(self.up(self.norm2(h)))),)


class Inner(nn.Module):
    def __init__(self, vocab, d, n_layers, max_pos=512):
        super().__init__()
        self.embed_tokens = nn.Embedding(vocab, d)
        self.embed_positions = nn.Embedding(max_pos, d)
        self.layers = nn.ModuleList(Block(d) for _ in range(n_layers))
        self.norm = nn.LayerNorm(d)

    def forward(self, input_ids, attention_mask=None):
        pos = torch.arange(input_ids.shape[1], device=input_ids.device)
        h = self.embed_tokens(input_ids) + self.embed_positions(pos)
        for layer in self.layers:
            h = layer(h, attention_mask=attention_mask)[0]
        return self.norm(h)


class TinyLM(nn.Module):
    def __init__(self, vocab, d=16, n_layers=5, seed=1234):
        super().__init__()
        torch.manual_seed(seed)
        self.model = Inner(vocab, d, n_layers)
        self.lm_head = nn.Linear(d, vocab, bias=False)
        self.eval()

    def forward(self, input_ids, attention_mask=None, **_):
        return SimpleNamespace(logits=self.lm_head(self.model(input_ids, attention_mask)))


def corpus_texts():
    return list(mp.iter_text_files(CORPUS))


def make_lm():
    tok = WordTokenizer(corpus_texts())
    return TinyLM(len(tok)), tok


# --------------------------------------------------------------------------------------------
# Independent references
# --------------------------------------------------------------------------------------------


def read_weights_f64(path):
    """The test's own safetensors reader (struct-based, float64 out)."""
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8 : 8 + n])
    header.pop("__metadata__", None)
    out = {}
    for name, info in header.items():
        b, e = info["data_offsets"]
        raw = blob[8 + n + b : 8 + n + e]
        if info["dtype"] == "F32":
            vals = struct.unpack(f"<{len(raw) // 4}f", raw)
        elif info["dtype"] == "F16":
            vals = struct.unpack(f"<{len(raw) // 2}e", raw)
        elif info["dtype"] == "BF16":
            halves = struct.unpack(f"<{len(raw) // 2}H", raw)
            vals = [struct.unpack("<f", struct.pack("<I", h << 16))[0] for h in halves]
        else:
            raise ValueError(info["dtype"])
        out[name] = torch.tensor(vals, dtype=torch.float64).reshape(info["shape"])
    return out


def h_f64(weights, x):
    """Composite values in float64, written out from the definitions (DESIGN section 2)."""
    x = x.to(torch.float64)
    x = x / x.norm(dim=-1, keepdim=True)
    if "left.weight" in weights:
        a = x @ weights["left.weight"].T + weights["left.bias"]
        b = x @ weights["right.weight"].T + weights["right.bias"]
    else:
        a, b = x @ weights["left"].T, x @ weights["right"].T
    f = a * b
    return f @ weights["down"].T if "down" in weights else f


def reference_tokens(model, tok, texts, layer, seq_len, window, site="input"):
    """Every candidate position of the corpus: {(doc, index): (activation f64, window ids)},
    from the test's own hook on one unpadded chunk at a time."""
    block = model.model.layers[layer]
    out = {}
    for doc, text in enumerate(texts):
        ids = tok.encode(text, add_special_tokens=False)
        body = seq_len - 1
        for start in range(0, len(ids), body):
            chunk = ids[start : start + body]
            seen = []
            if site == "input":
                handle = block.register_forward_pre_hook(lambda m, a: seen.append(a[0]))
            else:
                handle = block.register_forward_hook(lambda m, a, o: seen.append(o[0]))
            with torch.no_grad():
                model(torch.tensor([[tok.bos_token_id, *chunk]]), torch.ones(1, len(chunk) + 1))
            handle.remove()
            acts = seen[0][0, 1:].to(torch.float64)
            for j, i in enumerate(range(start, start + len(chunk))):
                lo = max(start, i - window + 1)
                win = [-1] * (window - (i - lo + 1)) + ids[lo : i + 1]
                out[(doc, i)] = (acts[j], win)
    return out


def app_read(path):
    """The file as the app reads it: src/core/probes.ts through Node (tools/read-probes.mjs)."""
    r = subprocess.run(
        ["node", os.path.join(HERE, "read-probes.mjs"), path],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if r.returncode != 0:
        raise AssertionError(f"the app's reader refused {path}:\n{r.stderr}")
    return json.loads(r.stdout)


def run_script(out, *extra, lm=None):
    argv = [
        "--model",
        "tiny-test-lm",
        "--text",
        *CORPUS,
        "--seq-len",
        str(SEQ_LEN),
        "--window",
        str(WINDOW),
        "--batch-size",
        "3",
        "--out",
        out,
        "--quiet",
        *extra,
    ]
    return mp.main(argv, lm=lm or make_lm())


def valid_top_k(values, kept, k, largest=True, tol=1e-5):
    """Problems with `kept` (indices) as a top-k (or bottom-k) of `values` (float64), allowing
    any order among values within `tol` of the k-th: every kept value must reach the k-th
    value, and every value clearly beyond the k-th must be kept."""
    v = values if largest else -values
    order = torch.argsort(v, descending=True)
    kth = v[order[k - 1]].item()
    scale = max(1.0, abs(kth))
    problems = []
    if len(set(kept)) != k:
        problems.append(f"{len(set(kept))} distinct rows kept, not {k}")
    for i in kept:
        if v[i].item() < kth - tol * scale:
            problems.append(f"kept row {i} at {v[i].item():.6g} is below the k-th {kth:.6g}")
    for i in order.tolist():
        if v[i].item() <= kth + tol * scale:
            break
        if i not in kept:
            problems.append(f"row {i} at {v[i].item():.6g} beats the k-th {kth:.6g} but is missing")
    return problems


# --------------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------------


class MakeProbesTest(unittest.TestCase):
    ROWS, TOP_K = 300, 3

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.lm = make_lm()
        cls.texts = corpus_texts()
        cls.ref = reference_tokens(*cls.lm, cls.texts, LAYER, SEQ_LEN, WINDOW)
        cls.keys = sorted(cls.ref)  # stream order: (doc, index)
        cls.weights = read_weights_f64(os.path.join(BAE_DIR, "model.safetensors"))
        cls.acts = torch.stack([cls.ref[k][0] for k in cls.keys])
        cls.h = h_f64(cls.weights, cls.acts)  # [tokens, C]
        common = ["--bae", BAE_DIR, "--rows", str(cls.ROWS), "--top-k", str(cls.TOP_K)]
        cls.f32_path = os.path.join(cls.tmp.name, "f32.safetensors")
        t0 = time.monotonic()
        cls.f32 = run_script(cls.f32_path, *common, "--dtype", "f32", lm=cls.lm)
        cls.seconds = time.monotonic() - t0
        cls.f16_path = os.path.join(cls.tmp.name, "f16.safetensors")
        cls.f16 = run_script(cls.f16_path, *common, lm=cls.lm)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def rows_of(self, result):
        return [tuple(s) for s in result["sources"].tolist()]

    def test_corpus_is_read_whole_and_bos_is_skipped(self):
        self.assertEqual(self.f32["tokens_read"], len(self.ref))
        self.assertEqual(self.f32["documents"], 1 + 6)
        vocab = mp.vocab_of(self.lm[1])
        for row in self.f32["tokens"].tolist():
            self.assertNotIn(self.lm[1].bos_token_id, row)
            self.assertNotIn(self.lm[1].pad_token_id, row)
            self.assertNotEqual(row[-1], -1)
        self.assertEqual(vocab[1], "<bos>")

    def test_the_app_reads_the_file(self):
        for path, result, tol in ((self.f32_path, self.f32, 0.0), (self.f16_path, self.f16, 0.0)):
            with self.subTest(path=os.path.basename(path)):
                app = app_read(path)
                n, d = result["activations"].shape
                self.assertEqual((app["n"], app["d"], app["window"]), (n, d, WINDOW))
                self.assertEqual(n, self.ROWS)
                self.assertEqual(app["rowKind"], "tokens")
                self.assertEqual(app["vocab"], mp.vocab_of(self.lm[1]))
                self.assertEqual(app["tokens"], result["tokens"].flatten().tolist())
                self.assertEqual(app["position"], [WINDOW - 1] * n)
                got = torch.tensor(app["activations"], dtype=torch.float64)
                want = result["activations"].to(torch.float64).flatten()
                self.assertEqual(torch.abs(got - want).max().item(), tol)
                self.assertEqual(app["dtype"], "F32" if result is self.f32 else "F16")
                for word in ("tiny-test-lm", "layer 3", "corpus.txt", "corpus.jsonl", "top-3"):
                    self.assertIn(word, app["description"])
                sel = json.loads(app["metadata"]["selection"])
                self.assertEqual(sel["top_k"], self.TOP_K)
                self.assertEqual(sel["bottom_k"], self.TOP_K)
                self.assertEqual(sel["extreme_rows"] + sel["sample_rows"], n)
                self.assertEqual(sel["tokens_read"], len(self.ref))
                # The app's context text of a row is the corpus text of its window.
                first = app["contexts"][0]
                doc, i = self.rows_of(result)[0]
                ids = self.lm[1].encode(self.texts[doc], add_special_tokens=False)
                self.assertEqual(first["token"], self.lm[1].vocab[ids[i]])

    def test_activations_and_windows_are_the_hooked_ones(self):
        for result, rtol in ((self.f32, 1e-5), (self.f16, 1e-3)):
            with self.subTest(dtype=str(result["activations"].dtype)):
                rows = self.rows_of(result)
                self.assertEqual(len(set(rows)), len(rows), "a position is kept twice")
                want = torch.stack([self.ref[r][0] for r in rows])
                got = result["activations"].to(torch.float64)
                err = (got - want).abs().max().item() / want.abs().max().item()
                self.assertLess(err, rtol)
                for r, win in zip(rows, result["tokens"].tolist()):
                    self.assertEqual(win, self.ref[r][1], f"window of {r}")

    def test_top_and_bottom_k_are_exact_over_all_tokens(self):
        k = self.TOP_K
        index = {key: i for i, key in enumerate(self.keys)}
        for result in (self.f32, self.f16):
            kept = {index[r] for r in self.rows_of(result)}
            C = self.h.shape[1]
            for c in range(C):
                for largest, name in ((True, "top"), (False, "bottom")):
                    ids = result[name]["ids"][c].tolist()
                    # The selector's stream ids count positions in (doc, index) order.
                    chosen = [int(i) for i in ids]
                    problems = valid_top_k(self.h[:, c], chosen, k, largest)
                    self.assertEqual(problems, [], f"{name}-{k} of composite {c}")
                    self.assertTrue(set(chosen) <= kept, f"{name} rows of {c} not in the file")
                    got = result[name]["values"][c].to(torch.float64)
                    want = self.h[chosen, c]
                    self.assertLess((got - want).abs().max().item(), 1e-4)
            sel = result["selection"]
            extremes = {int(i) for n in ("top", "bottom") for i in result[n]["ids"].flatten()}
            self.assertEqual(sel["extreme_rows"], len(extremes))
            self.assertEqual(sel["sample_rows"], self.ROWS - len(extremes))

    def test_stream_ids_are_the_reference_order(self):
        # What test_top_and_bottom_k_are_exact_over_all_tokens relies on.
        self.assertEqual(
            [self.keys[i] for i in self.f32["ids"].tolist()], self.rows_of(self.f32)
        )

    def test_uniform_sample_without_bae_is_seeded(self):
        paths = [os.path.join(self.tmp.name, f"u{i}.safetensors") for i in range(3)]
        a = run_script(paths[0], "--layer", "3", "--rows", "200", "--seed", "7", lm=self.lm)
        b = run_script(paths[1], "--layer", "3", "--rows", "200", "--seed", "7", lm=self.lm)
        c = run_script(paths[2], "--layer", "3", "--rows", "200", "--seed", "8", lm=self.lm)
        self.assertEqual(a["selection"]["method"], "uniform")
        self.assertEqual(len(set(self.rows_of(a))), 200)
        self.assertEqual(self.rows_of(a), self.rows_of(b))
        self.assertNotEqual(self.rows_of(a), self.rows_of(c))
        with open(paths[0], "rb") as f1, open(paths[1], "rb") as f2:
            self.assertEqual(f1.read(), f2.read(), "same seed, different file")
        # Spread over the corpus, not only its start.
        docs = {d for d, _ in self.rows_of(a)}
        self.assertGreaterEqual(len(docs), 5)
        mean = sum(a["ids"].tolist()) / 200 / len(self.ref)
        self.assertLess(abs(mean - 0.5), 0.08)
        # With a BAE, the sample part is spread over the corpus too.
        extremes = {int(i) for n in ("top", "bottom") for i in self.f32[n]["ids"].flatten()}
        sample = [i for i in self.f32["ids"].tolist() if i not in extremes]
        self.assertLess(abs(sum(sample) / len(sample) / len(self.ref) - 0.5), 0.1)
        self.assertEqual(app_read(paths[0])["n"], 200)

    def test_max_tokens_and_output_site(self):
        path = os.path.join(self.tmp.name, "out.safetensors")
        r = run_script(
            path, "--layer", "2", "--site", "output", "--max-tokens", "250", "--rows", "40",
            "--dtype", "f32", lm=self.lm,
        )
        self.assertEqual(r["tokens_read"], 250)
        self.assertTrue(all(key in self.keys[:250] for key in self.rows_of(r)))
        ref = reference_tokens(*self.lm, self.texts[:1], 2, SEQ_LEN, WINDOW, site="output")
        want = torch.stack([ref[key][0] for key in self.rows_of(r)])
        self.assertLess((r["activations"].double() - want).abs().max().item(), 1e-5)
        self.assertIn("output of decoder layer 2", r["description"])

    def test_a_tokenizer_without_bos(self):
        model, tok = self.lm
        no_bos = WordTokenizer(self.texts)
        no_bos.bos_token_id = None
        no_bos.encode = lambda text, add_special_tokens=True: tok.encode(text, False)
        self.assertEqual(mp.special_prefix(tok), [tok.bos_token_id])
        self.assertEqual(mp.special_prefix(no_bos), [])
        r = mp.collect(
            model, no_bos, self.texts[:1], layer=LAYER, rows=10_000, window=WINDOW,
            seq_len=SEQ_LEN, dtype=torch.float32, progress=False,
        )
        n = len(tok.encode(self.texts[0], False))
        self.assertEqual(r["tokens_read"], n)  # chunks of SEQ_LEN text tokens, none skipped
        self.assertEqual(self.rows_of(r), [(0, i) for i in range(n)])
        # The first token of the second chunk starts a fresh context: its window is only itself.
        first = r["tokens"][SEQ_LEN].tolist()
        self.assertEqual(first, [-1] * (WINDOW - 1) + [first[-1]])

    def test_bae_maths_of_every_fixture_kind(self):
        gen = torch.Generator().manual_seed(3)
        for name in ("tiny-mixed", "tiny-combined", "tiny-biased", "tiny-vanilla-f16",
                     "tiny-ordered-bf16"):
            with self.subTest(name):
                folder = os.path.join(FIXTURES, name)
                bae = mp.Bae.load(folder)
                weights = read_weights_f64(os.path.join(folder, "model.safetensors"))
                x = torch.randn(50, bae.d, generator=gen) * 7
                want = h_f64(weights, x)
                got = bae.encode(x.float()).double()
                self.assertEqual(got.shape, want.shape)
                self.assertLess((got - want).abs().max().item(), 1e-5 * want.abs().max().item())

    def test_streaming_selector_matches_brute_force_in_bounded_memory(self):
        bae = mp.Bae.load(BAE_DIR)
        gen = torch.Generator().manual_seed(5)
        x = torch.randn(5000, 16, generator=gen)
        h = h_f64(read_weights_f64(os.path.join(BAE_DIR, "model.safetensors")), x)
        sel = mp.Selector(600, 16, 1, out_dtype=torch.float32, seed=1, bae=bae, top_k=5)
        cap = sel.pool_id.numel()
        start = 0
        for size in [1, 7, 300, 2, 1000, 3690]:
            chunk = slice(start, start + size)
            ids = torch.arange(start, start + size)
            src = torch.stack([torch.zeros(size, dtype=torch.long), ids], 1)
            sel.add(x[chunk], ids.view(-1, 1), src)
            start += size
            self.assertEqual(sel.pool_id.numel(), cap)
        self.assertEqual(cap, 600 + 2 * 5 * 32)
        res = sel.result()
        for c in range(32):
            self.assertEqual(valid_top_k(h[:, c], res["top"]["ids"][c].tolist(), 5), [])
            self.assertEqual(valid_top_k(h[:, c], res["bottom"]["ids"][c].tolist(), 5, False), [])
        self.assertEqual(res["activations"].shape, (600, 16))
        self.assertTrue(torch.equal(res["activations"], x[res["ids"]]))
        self.assertEqual(res["tokens"].flatten().tolist(), res["ids"].tolist())
        # The sample (rows that are no composite's extreme) is uniform over the stream.
        extremes = {i for n in ("top", "bottom") for i in res[n]["ids"].flatten().tolist()}
        sample = [i for i in res["ids"].tolist() if i not in extremes]
        self.assertEqual(len(sample), res["selection"]["sample_rows"])
        self.assertGreater(len(sample), 250)
        self.assertLess(abs(sum(sample) / len(sample) / 5000 - 0.5), 0.06)

    def test_refusals(self):
        out = os.path.join(self.tmp.name, "refused.safetensors")
        # 2 k C rows must fit in --rows: refused before any model is loaded (lm=None here
        # would need transformers).
        with self.assertRaises(SystemExit) as e:
            mp.main(["--model", "x", "--text", *CORPUS, "--bae", BAE_DIR, "--rows", "100",
                     "--top-k", "2", "--out", out, "--quiet"])
        self.assertIn("lower --top-k or raise --rows", str(e.exception))
        # Activations beyond float16's range are refused (not written as inf).
        model, tok = make_lm()
        with torch.no_grad():
            model.model.embed_tokens.weight.mul_(1e5)
        with self.assertRaisesRegex(ValueError, "not finite in torch.float16"):
            run_script(out, "--bae", BAE_DIR, "--rows", "300", "--top-k", "3", lm=(model, tok))
        self.assertFalse(os.path.exists(out))
        r = run_script(out, "--bae", BAE_DIR, "--rows", "300", "--top-k", "3", "--dtype", "bf16",
                       lm=(model, tok))
        self.assertEqual(app_read(out)["dtype"], "BF16")
        self.assertGreater(r["activations"].float().abs().max().item(), 65504)

    def test_command_line_runs_standalone(self):
        r = subprocess.run(
            [sys.executable, os.path.join(HERE, "make_probes.py"), "--help"],
            capture_output=True,
            text=True,
        )
        self.assertEqual(r.returncode, 0, r.stderr)
        for flag in ("--model", "--layer", "--site", "--text", "--dataset", "--bae", "--rows"):
            self.assertIn(flag, r.stdout)


# --------------------------------------------------------------------------------------------
# --emit: a probe set for the end-to-end test
# --------------------------------------------------------------------------------------------


def emit(folder):
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "probes.safetensors")
    t0 = time.monotonic()
    result = run_script(path, "--bae", BAE_DIR, "--rows", "400", "--top-k", "4")
    seconds = time.monotonic() - t0
    bae = mp.Bae.load(BAE_DIR)
    h = bae.encode(result["activations"].float())  # of the stored (f16) rows, as the app sees them
    tok = make_lm()[1]
    expected = {
        "n": int(result["activations"].shape[0]),
        "window": result["window"],
        "top_k": result["selection"]["top_k"],
        "top": result["top"]["values"].tolist(),
        "bottom": result["bottom"]["values"].tolist(),
        "h": h.T.tolist(),  # [C, N]
        "words": sorted({w.strip() for w in tok.vocab[3:]}),
        "seconds": seconds,
        "bytes": os.path.getsize(path),
    }
    with open(os.path.join(folder, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f)
    print(json.dumps({"path": path, "seconds": seconds, "bytes": expected["bytes"]}))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--emit":
        emit(sys.argv[2])
    else:
        unittest.main()
