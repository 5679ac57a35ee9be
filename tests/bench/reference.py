#!/usr/bin/env python3
"""Reference implementation of Neural Style's loss and optimiser in plain
Python PyTorch, for benchmarking only (neural-style-bench runs it beside the
C++ engine on the same images, weights and settings).

It mirrors core/src/objective.cpp, losses.cpp and stylizer.cpp:
  content = mean((F - P)^2) at conv4_2
  style   = sum over conv1_1..conv5_1 of sum((G/M - A/M)^2) / (4 N^2)
  tv      = sum(sqrt(dx^2 + dy^2 + 1e-2))            (isotropic)
  total   = 1 * content + 1e-3 * style + 1e-2 * tv
minimised over pixel levels (0-255) with torch.optim.LBFGS (lr 1, history
25, one iteration per step), clamping to 0-255 after every step and copying
the loss to the host once per iteration, as the engine does.

Prints one JSON line. Exit status 77 when PyTorch is not installed.
"""
import argparse
import json
import struct
import sys
import time

try:
    import torch
    import torch.nn.functional as nnf
except ImportError:
    print("no Python PyTorch here (import torch failed); the reference runs where it is installed",
          file=sys.stderr)
    sys.exit(77)

# (in, out, pool after) for conv1_1 ... conv5_4; features.N indices follow.
LAYERS = [(3, 64, False), (64, 64, True), (64, 128, False), (128, 128, True),
          (128, 256, False), (256, 256, False), (256, 256, False), (256, 256, True),
          (256, 512, False), (512, 512, False), (512, 512, False), (512, 512, True),
          (512, 512, False), (512, 512, False), (512, 512, False), (512, 512, True)]
FEATURE_INDEX = [0, 2, 5, 7, 10, 12, 14, 16, 19, 21, 23, 25, 28, 30, 32, 34]
CONTENT_LAYER = 9                 # conv4_2
STYLE_LAYERS = [0, 2, 4, 8, 12]   # conv1_1, conv2_1, conv3_1, conv4_1, conv5_1
ALPHA, BETA, GAMMA, TV_EPS = 1.0, 1e-3, 1e-2, 1e-2


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (header_len,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + header_len])
    meta = header.pop("__metadata__", {}) or {}
    tensors = {}
    for name, info in header.items():
        if info["dtype"] != "F32":
            raise SystemExit(f"{path}: {name} is {info['dtype']}, expected F32")
        start, end = info["data_offsets"]
        buf = bytearray(data[8 + header_len + start:8 + header_len + end])
        tensors[name] = torch.frombuffer(buf, dtype=torch.float32).reshape(info["shape"])
    return tensors, meta.get("input_convention", "torchvision")


def read_weights(path):
    if path.endswith(".safetensors"):
        return read_safetensors(path)
    state = torch.load(path, map_location="cpu")
    return state, "caffe" if "d01eb7cb" in path else "torchvision"


def read_ppm(path):
    with open(path, "rb") as f:
        data = f.read()
    fields, pos = [], 0
    while len(fields) < 4:               # P6, width, height, maxval
        while data[pos:pos + 1].isspace():
            pos += 1
        start = pos
        while not data[pos:pos + 1].isspace():
            pos += 1
        fields.append(data[start:pos])
    pos += 1
    w, h = int(fields[1]), int(fields[2])
    pixels = torch.frombuffer(bytearray(data[pos:pos + w * h * 3]), dtype=torch.uint8)
    return pixels.reshape(h, w, 3).permute(2, 0, 1).unsqueeze(0).float()  # levels 0-255


class Network:
    def __init__(self, weights, convention, device, dtype, channels_last):
        self.fmt = torch.channels_last if channels_last else torch.contiguous_format
        self.dtype = dtype
        self.convs = []
        for i, idx in enumerate(FEATURE_INDEX[:STYLE_LAYERS[-1] + 1]):
            w = weights[f"features.{idx}.weight"].to(device, dtype).contiguous(memory_format=self.fmt)
            b = weights[f"features.{idx}.bias"].to(device, dtype)
            self.convs.append((w, b))
        if convention == "caffe":
            self.scale = torch.ones(1, 3, 1, 1, device=device)
            self.shift = -torch.tensor([103.939, 116.779, 123.68], device=device).view(1, 3, 1, 1)
            self.bgr = True
        else:
            mean = torch.tensor([0.485, 0.456, 0.406], device=device).view(1, 3, 1, 1)
            std = torch.tensor([0.229, 0.224, 0.225], device=device).view(1, 3, 1, 1)
            self.scale, self.shift, self.bgr = 1.0 / (255.0 * std), -mean / std, False

    def features(self, levels):
        x = torch.addcmul(self.shift, levels.flip(1) if self.bgr else levels, self.scale)
        x = x.to(self.dtype).contiguous(memory_format=self.fmt)
        out = {}
        for i, (w, b) in enumerate(self.convs):
            x = torch.relu_(nnf.conv2d(x, w, b, padding=1))
            if i == CONTENT_LAYER or i in STYLE_LAYERS:
                out[i] = x.float()
            if LAYERS[i][2] and i < len(self.convs) - 1:
                x = nnf.max_pool2d(x, 2, 2)
        return out


def gram(f):
    ft = f.permute(0, 2, 3, 1).reshape(-1, f.shape[1])
    return ft.t().mm(ft) / ft.shape[0]


def tv_loss(x):
    here = x[:, :, :-1, :-1]
    dy = x[:, :, 1:, :-1] - here
    dx = x[:, :, :-1, 1:] - here
    # Counted as over 512 x 384 pixels whatever the size, as the engine does.
    return (dx * dx + dy * dy + TV_EPS).sqrt().sum() * (512 * 384) / (x.shape[2] * x.shape[3])


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--weights", required=True)
    p.add_argument("--content", required=True)
    p.add_argument("--style", required=True)
    p.add_argument("--device", default="cpu")
    p.add_argument("--precision", default="float32", choices=["float32", "bfloat16", "float16"])
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--iterations", type=int, default=5)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--channels-last", type=int, default=1)
    p.add_argument("--tf32", type=int, default=1)
    p.add_argument("--cudnn-benchmark", type=int, default=1)
    a = p.parse_args()

    if a.threads > 0:
        torch.set_num_threads(a.threads)
    device = torch.device(a.device)
    if device.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = bool(a.tf32)
        torch.backends.cudnn.allow_tf32 = bool(a.tf32)
        torch.backends.cudnn.benchmark = bool(a.cudnn_benchmark)
        torch.cuda.reset_peak_memory_stats(device)
    dtype = {"float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16}[a.precision]

    weights, convention = read_weights(a.weights)
    net = Network(weights, convention, device, dtype, bool(a.channels_last))
    content = read_ppm(a.content).to(device)
    style = read_ppm(a.style).to(device)
    with torch.no_grad():
        target_content = net.features(content)[CONTENT_LAYER]
        style_features = net.features(style)
        targets = {i: gram(style_features[i]) for i in STYLE_LAYERS}

    x = content.clone().contiguous().requires_grad_(True)
    opt = torch.optim.LBFGS([x], lr=1.0, max_iter=1, history_size=25,
                            tolerance_grad=0.0, tolerance_change=0.0)
    last = {}

    def closure():
        opt.zero_grad()
        f = net.features(x)
        c = (f[CONTENT_LAYER] - target_content).pow(2).mean()
        s = sum((gram(f[i]) - targets[i]).pow(2).sum() / (4.0 * f[i].shape[1] ** 2) for i in STYLE_LAYERS)
        total = ALPHA * c + BETA * s + GAMMA * tv_loss(x)
        total.backward()
        last["total"] = total
        return total

    stamps, losses = [], []
    for _ in range(a.warmup + a.iterations):
        opt.step(closure)
        with torch.no_grad():
            x.clamp_(0.0, 255.0)
        losses.append(last["total"].item())   # one host copy per iteration, as the engine
        stamps.append(time.perf_counter())
    deltas = sorted(b - a_ for a_, b in zip(stamps[a.warmup:], stamps[a.warmup + 1:]))
    n = len(deltas)
    per_iteration = (deltas[n // 2] if n % 2 else 0.5 * (deltas[n // 2 - 1] + deltas[n // 2])) if n else 0.0
    if device.type == "cuda":
        peak = torch.cuda.max_memory_allocated(device) / 2**20
    else:
        import resource
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(json.dumps({"seconds_per_iteration": per_iteration, "peak_megabytes": peak,
                      "first_loss": losses[0], "final_loss": losses[-1],
                      "torch_version": torch.__version__}))


if __name__ == "__main__":
    main()
