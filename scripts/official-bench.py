#!/usr/bin/env python3
"""The official TinyU-Net graph in PyTorch, timed as `tinyunet bench` times ours (slices/s at 256², batch 1).

The network is written from the architecture the parity fixture's README states (ChenJunren-Lab/TinyU-Net,
TinyU-Net.py): Conv = Conv2d(bias=False) -> BatchNorm2d(eps 1e-3) -> GELU; CMRF with N = 8; encoders CMRF then
MaxPool2d(2); decoders bicubic x2 upsampling, concatenation, CMRF. Its state_dict keys are the official ones, and
--check loads the fixture's weights and compares with the official output (max |diff| must be <= 1e-4), so what is
timed is that network, in eval mode, with PyTorch's own kernels (Debian: apt-get install python3-torch).

Usage: python3 scripts/official-bench.py [--threads 2] [--seconds 5] [--size 256] [--check ../shared/fixtures/tinyunet-parity]
Prints one JSON line.
"""
import argparse
import json
import os
import time

import torch
from torch import nn
import torch.nn.functional as F


class Conv(nn.Module):
    def __init__(self, c1, c2, k=1, g=1, act=True):
        super().__init__()
        self.conv = nn.Conv2d(c1, c2, k, 1, k // 2, groups=g, bias=False)
        self.bn = nn.BatchNorm2d(c2, eps=0.001, momentum=0.03)
        self.act = nn.GELU() if act else nn.Identity()

    def forward(self, x):
        return self.act(self.bn(self.conv(x)))


class CMRF(nn.Module):
    def __init__(self, c1, c2, n=8, shortcut=True, e=0.5):
        super().__init__()
        self.n = n
        self.c = int(c2 * e / n)
        self.add = shortcut and c1 == c2
        self.pwconv1 = Conv(c1, c2 // n, 1)
        self.pwconv2 = Conv(c2 // 2, c2, 1)
        self.m = nn.ModuleList(Conv(self.c, self.c, 3, g=self.c, act=False) for _ in range(n - 1))

    def forward(self, x):
        y = self.pwconv1(x)
        even, odd = y[:, 0::2], y[:, 1::2]
        parts = [even + odd]
        for m in self.m:
            parts.append(m(parts[-1] if len(parts) > 1 else odd))
        y = self.pwconv2(torch.cat(parts, 1))
        return x + y if self.add else y


class Encoder(nn.Module):
    def __init__(self, c1, c2):
        super().__init__()
        self.cmrf = CMRF(c1, c2)
        self.downsample = nn.MaxPool2d(2, 2)

    def forward(self, x):
        x = self.cmrf(x)
        return self.downsample(x), x


class Decoder(nn.Module):
    def __init__(self, c1, c2):
        super().__init__()
        self.cmrf = CMRF(c1, c2)

    def forward(self, x, skip):
        x = F.interpolate(x, scale_factor=2, mode="bicubic", align_corners=False)
        return self.cmrf(torch.cat([x, skip], 1))


class TinyUNet(nn.Module):
    def __init__(self, in_channels=3, num_classes=4):
        super().__init__()
        c = [64, 128, 256, 512]
        self.encoder1, self.encoder2 = Encoder(in_channels, c[0]), Encoder(c[0], c[1])
        self.encoder3, self.encoder4 = Encoder(c[1], c[2]), Encoder(c[2], c[3])
        self.decoder4, self.decoder3 = Decoder(c[3] * 2, c[3]), Decoder(c[3] + c[2], c[2])
        self.decoder2, self.decoder1 = Decoder(c[2] + c[1], c[1]), Decoder(c[1] + c[0], c[0])
        self.final_conv = nn.Conv2d(c[0], num_classes, 1)

    def forward(self, x):
        x, s1 = self.encoder1(x)
        x, s2 = self.encoder2(x)
        x, s3 = self.encoder3(x)
        x, s4 = self.encoder4(x)
        x = self.decoder4(x, s4)
        x = self.decoder3(x, s3)
        x = self.decoder2(x, s2)
        return self.final_conv(self.decoder1(x, s1))


def read_safetensors(path):
    """Reads a safetensors file (F32/I64 only) without the safetensors package."""
    with open(path, "rb") as f:
        length = int.from_bytes(f.read(8), "little")
        header = json.loads(f.read(length))
        data = f.read()
    tensors = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        dtype = {"F32": torch.float32, "I64": torch.int64}[meta["dtype"]]
        start, end = meta["data_offsets"]
        tensors[name] = torch.frombuffer(bytearray(data[start:end]), dtype=dtype).reshape(meta["shape"])
    return tensors


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--size", type=int, default=256)
    parser.add_argument("--check", help="the parity fixture folder: compare with the official output first")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    network = TinyUNet().eval()
    result = {"model": "official TinyU-Net graph", "torch": torch.__version__, "threads": args.threads,
              "size": args.size, "batch": 1}
    with torch.no_grad():
        if args.check:
            network.load_state_dict(read_safetensors(os.path.join(args.check, "parity_a.weights.safetensors")))
            io = read_safetensors(os.path.join(args.check, "parity_a.io.safetensors"))
            result["parityMaxAbsDiff"] = float((network(io["input"]) - io["output"]).abs().max())
            if result["parityMaxAbsDiff"] > 1e-4:
                raise SystemExit(f"not the official network: max |diff| {result['parityMaxAbsDiff']}")
        x = torch.randn(1, 3, args.size, args.size)
        for _ in range(2):
            network(x)
        iterations, start = 0, time.perf_counter()
        while iterations < 3 or time.perf_counter() - start < args.seconds:
            network(x)
            iterations += 1
        seconds = time.perf_counter() - start
    result.update(iterations=iterations, seconds=round(seconds, 3), slicesPerSecond=round(iterations / seconds, 3))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
