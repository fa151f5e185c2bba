"""Chat import speed and memory, side by side with whatstk and chat-miner.

    .venv/bin/python benchmarks/bench_import.py                  # fireside only
    .venv/bin/python benchmarks/bench_import.py --peers          # also whatstk 0.9.1, chat-miner 0.6.0

The peers go into their own virtual environment (benchmarks/.venv-peers), never into
fireside's. Exports are generated once (benchmarks/.cache) with fireside's generator: two
people, realistic pacing (about ten years for a million messages), media, multi-line
messages, emoji and system lines. Each tool runs in its own process; wall time and peak
memory (maximum resident set size) are measured with /usr/bin/time. Prints figures; it is
not a test.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
PEERS = HERE / ".venv-peers"
PEER_VERSIONS = ["whatstk==0.9.1", "chat-miner==0.6.0"]

WHATSTK = "from whatstk import WhatsAppChat; import sys; print(len(WhatsAppChat.from_source(sys.argv[1], max_size=None).df))"
CHATMINER = (
    "import sys, os; sys.stderr = open(os.devnull, 'w')\n"
    "from chatminer.chatparsers import WhatsAppParser\n"
    "p = WhatsAppParser(sys.argv[1]); p.parse_file(); print(len(p.parsed_messages.get_df()))"
)

# The same work as the peers' lines: parse the file into frames in memory and count them.
LIBRARY = (
    "import sys; from pathlib import Path; from zoneinfo import ZoneInfo\n"
    "from fireside.importers import ParseOptions, open_export\n"
    "parsed = open_export(Path(sys.argv[1]), ParseOptions(tz=ZoneInfo('UTC')))\n"
    "print(sum(frame.height for frame in parsed.frames))"
)


def export(platform: str, count: int) -> Path:
    from fireside.samples.whatsapp_export import write_file

    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"{platform}-{count}.txt"
    if not path.exists():
        print(f"generating {path.name} …", flush=True)
        write_file(path, count, "android-en-gb" if platform == "android" else "ios-en-gb")
    return path


def timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """(seconds, peak MB) of one command, its output discarded."""
    timer = shutil.which("time") or "/usr/bin/time"
    with tempfile.NamedTemporaryFile("r") as report:
        subprocess.run(
            [timer, "-f", "%e %M", "-o", report.name, *command],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=True,
        )
        seconds, kilobytes = report.read().split()[-2:]
    return float(seconds), int(kilobytes) / 1024


def best_of(
    runs: int, command: list[str], env: dict[str, str] | None = None
) -> tuple[float, float]:
    results = [timed(command, env) for _ in range(runs)]
    return min(r[0] for r in results), max(r[1] for r in results)


def peers_python() -> Path:
    python = PEERS / "bin" / "python"
    if not python.exists():
        print("installing the peers into benchmarks/.venv-peers …", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(PEERS)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *PEER_VERSIONS], check=True)
    return python


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3, help="best of N for fireside")
    parser.add_argument("--peers", action="store_true", help="also run whatstk and chat-miner")
    args = parser.parse_args()

    fireside = [sys.executable, "-m", "fireside"]
    for platform in ("android", "ios"):
        path = export(platform, args.messages)
        size = path.stat().st_size / 1e6
        print(f"\n{platform}: {args.messages:,} messages, {size:.0f} MB")
        with tempfile.TemporaryDirectory() as home:
            env = {**os.environ, "FIRESIDE_HOME": home}
            parse_s, parse_mb = best_of(
                args.runs, [*fireside, "parse", str(path), "--tz", "UTC"], env
            )
            print(f"  fireside parse (JSON lines out): {parse_s:6.2f} s   peak {parse_mb:5.0f} MB")
            frames_s, frames_mb = best_of(
                args.runs, [sys.executable, "-c", LIBRARY, str(path)], env
            )
            print(
                f"  fireside library (frames, as peers): {frames_s:6.2f} s   peak {frames_mb:5.0f} MB"
            )
            import_s, import_mb = timed(
                [*fireside, "import", str(path), "--me", "Maya", "--tz", "UTC"], env
            )
            print(
                f"  fireside import into SQLite:     {import_s:6.2f} s   peak {import_mb:5.0f} MB"
            )
        if args.peers:
            python = str(peers_python())
            for name, code in (("whatstk 0.9.1", WHATSTK), ("chat-miner 0.6.0", CHATMINER)):
                seconds, peak = timed([python, "-c", code, str(path)])
                print(
                    f"  {name + ':':32s} {seconds:6.2f} s   peak {peak:5.0f} MB   "
                    f"fireside parse is {seconds / parse_s:4.1f}x faster "
                    f"(library {seconds / frames_s:4.1f}x)"
                )


if __name__ == "__main__":
    main()
