"""Media benchmarks: ``xmedia.inspect`` on a large video, ``xmedia.fix`` throughput and memory.

    python -m bench.media                  # full: ~500 MiB inspect, fix of 1080p clips (~1-2 min)
    python -m bench.media --smoke          # small sizes, one run: every piece, in seconds
    python -m bench.media --json out.json  # also write the figures as JSON

``run(settings, work_dir) -> dict`` is what ``bench.run`` calls; ``markdown(results)`` renders the
section for BENCHMARKS.md.

- inspect: a video of up to ``inspect_mib`` MiB (1280x720 at 60 fps, noise coded at qp 1, so the
  bytes are real packets: one GOP encoded once, then remuxed until the size is reached). Each timing
  is a fresh ``inspect()`` call in this process, file in the page cache; the cold figure is a whole
  new ``python -c 'import xmedia; xmedia.inspect(...)'`` process (interpreter, imports, FFmpeg).
- fix: 1920x1080 30 fps H.264 clips with AAC audio (FFmpeg's testsrc2 and sine sources) of two
  lengths, each fixed (scaled to 1280x720, re-encoded) in a child process that reports its own peak
  RSS; the two peaks side by side show whether memory grows with the length of the video.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

MiB = 1024 * 1024
REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Settings:
    inspect_mib: int = 512
    inspect_runs: int = 7
    fix_seconds: tuple[float, ...] = (10.0, 30.0)
    fix_runs: int = 3


SMOKE = Settings(inspect_mib=8, inspect_runs=1, fix_seconds=(1.0, 2.0), fix_runs=1)


def _pull_all(graph: Any) -> list[Any]:
    import av

    frames = []
    while True:
        try:
            frames.append(graph.pull())
        except (av.error.EOFError, EOFError, BlockingIOError):
            return frames


def _source_frames(spec: str) -> list[Any]:
    import av.filter

    graph = av.filter.Graph()
    name, arguments = spec.split(" ", 1)
    source = graph.add(name, arguments)
    sink = graph.add("abuffersink" if name == "sine" else "buffersink")
    source.link_to(sink)
    graph.configure()
    return _pull_all(graph)


def _kept(packet: Any) -> tuple[bytes, int, int, bool]:
    return bytes(packet), packet.pts or 0, packet.dts or 0, bool(packet.is_keyframe)


def make_large_video(path: Path, target_bytes: int) -> Path:
    """At most ``target_bytes`` of valid 720p60 H.264 in MP4: one GOP coded once, then remuxed."""
    import av

    # A noisy 720p frame coded losslessly is ~1.6 MiB: one GOP of up to a second of them, repeated.
    gop = max(1, min(30, target_bytes // (2 * MiB)))
    frames = _source_frames(f"testsrc2 size=1280x720:rate=60:duration={gop / 60}")[:gop]
    noise_graph = None
    with av.open(str(path), "w", format="mp4") as out:
        stream = out.add_stream("libx264", rate=60)
        stream.width, stream.height, stream.pix_fmt = 1280, 720, "yuv420p"
        stream.options = {"preset": "ultrafast", "qp": "1", "x264-params": f"keyint={gop}"}
        import av.filter

        noise_graph = av.filter.Graph()
        nodes = [
            noise_graph.add("buffer", "video_size=1280x720:pix_fmt=yuv420p:time_base=1/60"),
            noise_graph.add("noise", "alls=60:allf=t"),
            noise_graph.add("buffersink"),
        ]
        noise_graph.link_nodes(*nodes).configure()
        packets: list[tuple[bytes, int, int, bool]] = []
        time_base = Fraction(1, 60)
        for index, frame in enumerate(frames):
            frame.pts = index
            noise_graph.push(frame)
            for noisy in _pull_all(noise_graph):
                noisy.pts = index
                noisy.time_base = Fraction(1, 60)
                for packet in stream.encode(noisy):
                    time_base = packet.time_base
                    packets.append(_kept(packet))
                    out.mux(packet)
        for packet in stream.encode(None):
            packets.append(_kept(packet))
            out.mux(packet)
        cycle_bytes = sum(len(data) for data, *_ in packets)
        ticks = round(1 / (60 * time_base))  # packet timestamps count in the encoder's time base
        written, cycle = cycle_bytes, 1
        while written + cycle_bytes <= target_bytes:
            shift = cycle * gop * ticks
            for data, pts, dts, keyframe in packets:
                copy = av.Packet(data)
                copy.stream = stream
                copy.time_base = time_base
                copy.pts, copy.dts = pts + shift, dts + shift
                copy.is_keyframe = keyframe
                out.mux(copy)
            written += cycle_bytes
            cycle += 1
    return path


def make_clip(path: Path, seconds: float) -> Path:
    """A 1920x1080 30 fps H.264 High clip with 48 kHz stereo AAC, from FFmpeg's test sources."""
    import av
    import av.audio.fifo
    import av.audio.resampler
    import av.filter

    with av.open(str(path), "w", format="mp4") as out:
        video = out.add_stream("libx264", rate=30)
        video.width, video.height, video.pix_fmt = 1920, 1080, "yuv420p"
        video.options = {"preset": "ultrafast", "crf": "23"}
        audio = out.add_stream("aac", rate=48000)
        audio.layout = "stereo"
        graph = av.filter.Graph()
        source = graph.add("testsrc2", f"size=1920x1080:rate=30:duration={seconds}")
        sink = graph.add("buffersink")
        source.link_to(sink)
        graph.configure()
        while True:
            try:
                frame = graph.pull()
            except (av.error.EOFError, EOFError):
                break
            assert isinstance(frame, av.VideoFrame)
            for packet in video.encode(frame):
                out.mux(packet)
        for packet in video.encode(None):
            out.mux(packet)
        tone = _source_frames(f"sine frequency=440:sample_rate=48000:duration={seconds}")
        fifo = av.audio.fifo.AudioFifo()
        resampler = av.audio.resampler.AudioResampler(format="fltp", layout="stereo", rate=48000)
        for frame in tone:
            frame.pts = None
            for resampled in resampler.resample(frame):
                fifo.write(resampled)
        samples = 0
        while fifo.samples:
            chunk = fifo.read(min(1024, fifo.samples))
            if chunk is None:
                break
            chunk.pts = samples
            samples += chunk.samples
            for packet in audio.encode(chunk):
                out.mux(packet)
        for packet in audio.encode(None):
            out.mux(packet)
    return path


def _timed_inspect(path: Path) -> tuple[float, str]:
    import xmedia

    started = time.perf_counter()
    report = xmedia.inspect(path)
    return time.perf_counter() - started, report.verdict.value


def _cold_inspect(path: Path) -> float:
    code = "import sys, xmedia; xmedia.inspect(sys.argv[1])"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, str(path)], check=True, cwd=REPO)
    return time.perf_counter() - started


_CHILD_FIX = """
import json, resource, sys, time, xmedia
started = time.perf_counter()
result = xmedia.fix(sys.argv[1], sys.argv[2], overwrite=True)
print(json.dumps({"seconds": time.perf_counter() - started, "frames": result.frames,
                  "verdict": result.after.verdict.value,
                  "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _child_fix(source: Path, out: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD_FIX, str(source), str(out)],
        check=True,
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def run(settings: Settings, work_dir: Path) -> dict[str, Any]:
    """Every media figure, as a JSON-able dict."""
    work_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    large = make_large_video(work_dir / "large.mp4", settings.inspect_mib * MiB)
    made_in = time.perf_counter() - started
    first, verdict = _timed_inspect(large)
    timings = [_timed_inspect(large)[0] for _ in range(settings.inspect_runs)]
    cold = [_cold_inspect(large) for _ in range(max(1, settings.inspect_runs // 3))]
    results: dict[str, Any] = {
        "settings": asdict(settings),
        "inspect": {
            "file_mib": round(large.stat().st_size / MiB, 1),
            "generated_seconds": round(made_in, 2),
            "verdict": verdict,
            "first_call_seconds": round(first, 4),
            "warm_median_seconds": round(statistics.median(timings), 4),
            "warm_max_seconds": round(max(timings), 4),
            "cold_process_median_seconds": round(statistics.median(cold), 3),
            "runs": settings.inspect_runs,
        },
        "fix": [],
    }
    large.unlink()
    for seconds in settings.fix_seconds:
        clip = make_clip(work_dir / f"clip-{seconds:g}s.mp4", seconds)
        size_mib = clip.stat().st_size / MiB
        runs = [_child_fix(clip, work_dir / "fixed.mp4") for _ in range(settings.fix_runs)]
        elapsed = statistics.median(run["seconds"] for run in runs)
        frames = runs[0]["frames"]
        results["fix"].append(
            {
                "input": f"1920x1080 30 fps H.264 + AAC, {seconds:g} s",
                "input_mib": round(size_mib, 2),
                "output": "1280x720 H.264 High (veryfast, crf 20) + AAC-LC",
                "frames": frames,
                "median_seconds": round(elapsed, 3),
                "frames_per_second": round(frames / elapsed, 1),
                "input_mib_per_second": round(size_mib / elapsed, 2),
                "peak_rss_mib": round(max(run["peak_rss_mib"] for run in runs), 1),
                "verdict_after": runs[0]["verdict"],
                "runs": settings.fix_runs,
            }
        )
        clip.unlink()
    return results


def markdown(results: dict[str, Any]) -> str:
    """The media section of BENCHMARKS.md."""
    inspect = results["inspect"]
    lines = [
        "## Media: inspect and fix",
        "",
        f"`xmedia.inspect` on a {inspect['file_mib']:g} MiB MP4 (720p60 H.264, real packets), file "
        "in the page cache: headers and at most 8 keyframes / 64 MiB of packets are read, never "
        "the whole file.",
        "",
        "| measure | seconds |",
        "|---|---:|",
        f"| first call in a process (imports PyAV) | {inspect['first_call_seconds']:.3f} |",
        f"| later calls, median of {inspect['runs']} | {inspect['warm_median_seconds']:.4f} |",
        f"| later calls, slowest | {inspect['warm_max_seconds']:.4f} |",
        "| a whole `python -c 'import xmedia; xmedia.inspect(…)'` process, median | "
        f"{inspect['cold_process_median_seconds']:.3f} |",
        "",
        "`xmedia.fix` (a child process per run, median of its runs; peak RSS is the child's own):",
        "",
        "| input | MiB | frames | seconds | frames/s | input MiB/s | peak RSS MiB |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for fix in results["fix"]:
        lines.append(
            f"| {fix['input']} | {fix['input_mib']:.1f} | {fix['frames']} | "
            f"{fix['median_seconds']:.2f} | {fix['frames_per_second']:.1f} | "
            f"{fix['input_mib_per_second']:.2f} | {fix['peak_rss_mib']:.0f} |"
        )
    lines += [
        "",
        "Frames stream decoder → filter graph → libx264 → muxer, so peak RSS stays flat as the "
        "video gets longer; throughput is libx264's (`veryfast`) on this machine's cores.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, one run each")
    parser.add_argument("--inspect-mib", type=int, default=None)
    parser.add_argument("--json", type=Path, default=None, help="write the figures here")
    parser.add_argument("--work-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    settings = SMOKE if args.smoke else Settings()
    if args.inspect_mib is not None:
        settings = Settings(**{**asdict(settings), "inspect_mib": args.inspect_mib})
    with tempfile.TemporaryDirectory(dir=args.work_dir) as work:
        results = run(settings, Path(work))
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(markdown(results))


if __name__ == "__main__":
    main()
