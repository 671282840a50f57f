"""Records every line the voice says in the built-in routines, so they need no speech engine.

Run `python tools/make_voice.py [OUT_DIR]` (default: assets/voice) in a venv with the `[dev]`
extra (Piper, its "joe" voice, numpy and soundfile). It composes every built-in line with the
app's own composer (`unwind.core.guidance`), renders each with `unwind.audio.voice_render` (the
same pace, pauses, trimming and loudness as lines rendered at run time), and writes each as
OGG Vorbis named by the hash of its text and rendering, with `manifest.json`. Lines already
recorded are kept; files no line needs are removed; `--force` records every line again.

Output is deterministic on one machine: a fixed seed for Piper's noise, a fresh model session
per line, graph optimisation off, and a fixed Ogg stream serial (libsndfile picks a random
one). The manifest's text hashes are what tests/audio/test_voice_files.py checks.
"""

from __future__ import annotations

import argparse
import io
import json
import struct
import sys
import time
from pathlib import Path
from typing import Any

import soundfile

from unwind.audio.voice_lines import builtin_texts
from unwind.audio.voice_render import (
    RENDER_VERSION,
    VOICE_ID,
    PiperRenderer,
    line_key,
    shape,
    speech_loudness,
)

DEFAULT_OUT_DIR = Path(__file__).resolve().parents[1] / "assets" / "voice"
MANIFEST = "manifest.json"
SEED = 20261201
VORBIS_LEVEL = 0.7
"""libsndfile's Vorbis compression level (0 best quality, 1 smallest): about 48 kbit/s here."""


def _crc_table() -> list[int]:
    table = []
    for byte in range(256):
        value = byte << 24
        for _ in range(8):
            value = ((value << 1) ^ 0x04C11DB7) if value & 0x80000000 else value << 1
        table.append(value & 0xFFFFFFFF)
    return table


_CRC = _crc_table()


def _ogg_crc(data: bytes) -> int:
    crc = 0
    for byte in data:
        crc = ((crc << 8) ^ _CRC[((crc >> 24) ^ byte) & 0xFF]) & 0xFFFFFFFF
    return crc


def fixed_serial(ogg: bytes, serial: int) -> bytes:
    """The Ogg stream with every page's serial number set to `serial` and its CRC redone."""
    out = bytearray(ogg)
    at = 0
    while at < len(out):
        if out[at : at + 4] != b"OggS":
            raise ValueError(f"not an Ogg page at byte {at}")
        segments = out[at + 26]
        size = 27 + segments + sum(out[at + 27 : at + 27 + segments])
        out[at + 14 : at + 18] = struct.pack("<I", serial)
        out[at + 22 : at + 26] = b"\0\0\0\0"
        out[at + 22 : at + 26] = struct.pack("<I", _ogg_crc(bytes(out[at : at + size])))
        at += size
    return bytes(out)


def encode(samples: Any, rate: int, key: str) -> bytes:
    buffer = io.BytesIO()
    soundfile.write(
        buffer, samples, rate, format="OGG", subtype="VORBIS", compression_level=VORBIS_LEVEL
    )
    return fixed_serial(buffer.getvalue(), int(key[:8], 16))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", nargs="?", type=Path, default=DEFAULT_OUT_DIR)
    parser.add_argument("--force", action="store_true", help="record every line again")
    args = parser.parse_args(argv)
    out: Path = args.out_dir
    out.mkdir(parents=True, exist_ok=True)
    manifest_path = out / MANIFEST
    old: dict[str, Any] = {}
    if manifest_path.is_file() and not args.force:
        old = json.loads(manifest_path.read_text("utf-8")).get("lines", {})

    texts = builtin_texts()
    renderer: PiperRenderer | None = None
    lines: dict[str, dict[str, Any]] = {}
    loudness: list[float] = []
    began = time.monotonic()
    for number, text in enumerate(texts, 1):
        key = line_key(text)
        path = out / f"{key}.ogg"
        if key in old and old[key].get("text") == text and path.is_file():
            lines[key] = old[key]
            continue
        if renderer is None:
            renderer = PiperRenderer(seed=SEED)
        samples = shape(renderer.render(text), renderer.rate)
        if len(samples) == 0:
            print(f"make_voice: nothing to hear in {text!r}", file=sys.stderr)
            return 1
        path.write_bytes(encode(samples, renderer.rate, key))
        lines[key] = {"text": text, "seconds": round(len(samples) / renderer.rate, 4)}
        loudness.append(speech_loudness(samples / 32768.0, renderer.rate))
        print(f"[{number}/{len(texts)}] {lines[key]['seconds']:5.2f} s  {text[:70]}", flush=True)

    for stale in sorted(set(p.stem for p in out.glob("*.ogg")) - set(lines)):
        (out / f"{stale}.ogg").unlink()
        print(f"removed {stale}.ogg")
    manifest = {"voice": VOICE_ID, "render": RENDER_VERSION, "lines": dict(sorted(lines.items()))}
    manifest_path.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", "utf-8")
    size = sum(p.stat().st_size for p in out.glob("*.ogg"))
    seconds = sum(line["seconds"] for line in lines.values())
    print(
        f"{len(lines)} lines, {seconds / 60:.1f} min, {size / 1e6:.2f} MB in {out} "
        f"({time.monotonic() - began:.0f} s)"
    )
    if loudness:
        print(f"loudness of the new lines: {min(loudness):.2f} to {max(loudness):.2f} dBFS")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
