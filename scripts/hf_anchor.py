#!/usr/bin/env python3
"""The HF transformers anchor for medsweep's GPU benchmark (scripts/gpu-bench run).

Measures prefill throughput of HF transformers (bf16, attn_implementation="sdpa") on a
Mistral-7B-shaped model with random weights, the way medsweep scores: B prompts of L random
token ids in one batch, the base model over all positions, then the output head on the last
position only. One warm-up, then the median of --runs timed runs; tok/s = B * L / seconds.

The model is built from a MistralConfig, not downloaded: the GPU machine has no network, and
throughput does not depend on the weights' values.

    python3 scripts/hf_anchor.py --batches 1,4,16,64 --tokens 700 [--json]

With --json, one object per line (printed as each batch finishes, so a run cut short by a
timeout still returns the batches done):
    {"batch", "tokens", "hf_tok_s", "seconds", "device", "torch", "transformers", "attn_implementation"}
A batch that fails (out of memory) gives {"batch", "tokens", "error"}.
Measured earlier on the H200: 18,899 tok/s at batch 1, 34,304 at batch 4, 34,992 at batch 64.
"""

import argparse
import json
import statistics
import sys
import time


def parse_arguments():
    parser = argparse.ArgumentParser(
        description="HF transformers prefill throughput (bf16, sdpa) on a random Mistral-7B-shaped model.")
    parser.add_argument("--batches", default="1,4,16,64",
                        help="comma-separated batch sizes (prompts evaluated together), default 1,4,16,64")
    parser.add_argument("--tokens", type=int, default=700, help="prompt length in tokens, default 700")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per batch after one warm-up; the median is reported")
    parser.add_argument("--layers", type=int, default=32,
                        help="transformer blocks, default 32 (the real 7B; fewer only for a quick check)")
    parser.add_argument("--json", action="store_true", help="print one JSON object per batch")
    arguments = parser.parse_args()
    try:
        arguments.batches = [int(b) for b in arguments.batches.split(",") if b.strip()]
    except ValueError:
        parser.error(f"--batches {arguments.batches!r} is not a comma-separated list of integers")
    if not arguments.batches or min(arguments.batches) < 1:
        parser.error("--batches needs at least one batch size of 1 or more")
    if arguments.tokens < 1 or arguments.runs < 1 or arguments.layers < 1:
        parser.error("--tokens, --runs and --layers must be at least 1")
    return arguments


def log(message):
    # Progress goes to stderr so that stdout stays pure JSON lines with --json.
    print(message, file=sys.stderr, flush=True)


def build_model(torch, transformers, layers):
    """Mistral-7B's shape with random weights, created on the GPU in bf16."""
    config = transformers.MistralConfig(
        vocab_size=32000,
        hidden_size=4096,
        intermediate_size=14336,
        num_hidden_layers=layers,
        num_attention_heads=32,
        num_key_value_heads=8,
        max_position_embeddings=32768,
        rope_theta=10000.0,
        sliding_window=None,
        tie_word_embeddings=False,
    )
    # The attribute transformers reads when the model is built; set directly because the
    # constructor keyword for it differs between transformers versions.
    config._attn_implementation = "sdpa"

    # Creating and initialising 7B parameters on the CPU takes minutes; on the GPU, seconds.
    # bf16 as the default dtype avoids a 29 GB fp32 copy; older torch refuses a bf16 default,
    # and then the fp32 model is converted (the H200 has room for both).
    previous_dtype = torch.get_default_dtype()
    try:
        torch.set_default_dtype(torch.bfloat16)
    except (TypeError, RuntimeError):
        pass
    try:
        with torch.device("cuda"):
            model = transformers.MistralForCausalLM(config)
    finally:
        torch.set_default_dtype(previous_dtype)
    return model.to(device="cuda", dtype=torch.bfloat16).eval()


def prefill_seconds(torch, model, input_ids):
    """One scoring pass: hidden states of every position, logits of the last only."""
    torch.cuda.synchronize()
    start = time.perf_counter()
    with torch.inference_mode():
        # use_cache=False: scoring keeps no key-value cache for later tokens.
        hidden = model.model(input_ids=input_ids, use_cache=False)[0]
        logits = model.lm_head(hidden[:, -1, :])
    torch.cuda.synchronize()
    seconds = time.perf_counter() - start
    del hidden, logits
    return seconds


def main():
    arguments = parse_arguments()
    try:
        import torch
        import transformers
    except ImportError as error:
        sys.exit(f"hf_anchor: needs torch and transformers ({error})")
    if not torch.cuda.is_available():
        sys.exit("hf_anchor: CUDA is not available (torch.cuda.is_available() is False): "
                 "this measures HF transformers on an NVIDIA GPU")

    device = torch.cuda.get_device_name(0)
    start = time.perf_counter()
    model = build_model(torch, transformers, arguments.layers)
    torch.cuda.synchronize()
    attention = getattr(model.config, "_attn_implementation", "sdpa")
    parameters = sum(p.numel() for p in model.parameters())
    log(f"hf_anchor: {parameters / 1e9:.2f}B-parameter Mistral ({arguments.layers} blocks, bf16, {attention}) "
        f"built on {device} in {time.perf_counter() - start:.1f} s; torch {torch.__version__}, "
        f"transformers {transformers.__version__}")

    # Seeded, so every run times the same ids (the speed does not depend on them, but a
    # reproducible input rules that out).
    generator = torch.Generator(device="cuda").manual_seed(0)
    failed = False
    for batch in arguments.batches:
        try:
            input_ids = torch.randint(0, model.config.vocab_size, (batch, arguments.tokens),
                                      device="cuda", generator=generator)
            prefill_seconds(torch, model, input_ids)  # warm-up: kernel selection, allocator
            seconds = statistics.median(prefill_seconds(torch, model, input_ids) for _ in range(arguments.runs))
        except torch.cuda.OutOfMemoryError as error:
            failed = True
            torch.cuda.empty_cache()
            message = f"out of GPU memory: {str(error).splitlines()[0]}"
            log(f"hf_anchor: batch {batch}: {message}")
            if arguments.json:
                print(json.dumps({"batch": batch, "tokens": arguments.tokens, "error": message}), flush=True)
            continue
        tok_s = batch * arguments.tokens / seconds
        if arguments.json:
            print(json.dumps({
                "batch": batch, "tokens": arguments.tokens, "hf_tok_s": round(tok_s, 1),
                "seconds": round(seconds, 6), "device": device, "torch": torch.__version__,
                "transformers": transformers.__version__, "attn_implementation": attention,
            }), flush=True)
        else:
            print(f"batch {batch} x {arguments.tokens} tokens: {tok_s:,.0f} tok/s "
                  f"({seconds * 1000:.1f} ms, median of {arguments.runs}) on {device}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
