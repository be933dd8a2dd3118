"""Load check of ``byline serve``: concurrent full-text searches against the server on loopback.

Starts ``byline serve`` (uvicorn, one process) on a free 127.0.0.1 port over ``--db`` or, by
default, over a synthetic corpus built here (``--articles`` hand-built records, 3 attributions
each, words drawn with a fixed seed), then sends ``--requests`` searches to ``/api/search``,
``--concurrency`` at a time (httpx, one connection per worker), each with a per-request timeout,
the whole run bounded by ``--deadline`` seconds. Prints p50/p95/max latency (ms, wall clock per
request, ``time.perf_counter``), throughput and errors (non-200 answers, timeouts, connection
failures). Exit status 0 when every search answered 200 within the deadline, else 1.

    PYTHONPATH=src python benchmarks/web_load.py                      # 50 concurrent, 200 searches
    PYTHONPATH=src python benchmarks/web_load.py --db corpus.db --requests 500
    PYTHONPATH=src python benchmarks/web_load.py --url http://127.0.0.1:8000   # a running server
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

WORDS: list[str] = " ".join(
    [
        "harbour council budget river school hospital bridge railway election mayor police",
        "court minister report union strike flood storm museum library farmers fishermen tax",
        "housing energy prices water road airport festival teachers nurses doctors contract",
        "workers",
    ]
).split()
OUTLETS = ("Gazette", "Courier", "Herald", "Tribune")
NAMES = ("Ann Lee", "Tom Reyes", "Ida Holm", "Bo Chan", "Carla Diaz", "Yusuf Kaya", "Ruth Mair")


def build_corpus(path: Path, articles: int, seed: int = 7) -> None:
    """Write ``articles`` synthetic analyzed articles (3 attributions each) into a new store."""
    from byline.analyze import content_hash
    from byline.model import AnalyzedArticle, Attribution, Metadata, Speaker, TextSpan
    from byline.store import Store

    rng = random.Random(seed)
    records = []
    for n in range(articles):
        headline = " ".join(rng.choices(WORDS, k=5)).capitalize()
        parts = [headline + "\n"]
        attributions = []
        for k in range(3):
            quote = " ".join(rng.choices(WORDS, k=12))
            name = rng.choice(NAMES)
            prefix = "".join(parts)
            sentence = f'"{quote}," said {name}. ' + " ".join(rng.choices(WORDS, k=20)) + ". "
            text_so_far = prefix + sentence
            start = len(prefix)
            content = (start, start + len(quote) + 3)
            cue_start = text_so_far.index(" said ", start) + 1
            source_start = cue_start + 5
            parts.append(sentence)
            attributions.append((k, content, (cue_start, cue_start + 4),
                                 (source_start, source_start + len(name)), name))  # fmt: skip
        text = "".join(parts)
        anonymous = n % 5 == 0
        records.append(
            AnalyzedArticle(
                doc_id=f"synthetic-{n}",
                content_hash=content_hash(text),
                text=text,
                metadata=Metadata(
                    outlet=OUTLETS[n % len(OUTLETS)],
                    headline=headline,
                    published=f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}",
                ),
                attributions=[
                    Attribution(
                        id=f"A{k + 1}",
                        kind="direct",
                        source=TextSpan.from_offsets(text, [source]),
                        cue=TextSpan.from_offsets(text, [cue]),
                        content=TextSpan.from_offsets(text, [content]),
                        speaker=Speaker(name=name, type="person", anonymous=anonymous and k == 0),
                    )
                    for k, content, cue, source, name in attributions
                ],
            )
        )
    with Store(path) as store:
        for i in range(0, len(records), 200):
            store.write(records[i : i + 200])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    """``byline serve --db DB --port PORT`` as a subprocess (src/ of this checkout first)."""
    src = Path(__file__).resolve().parents[1] / "src"
    env = {**os.environ, "PYTHONPATH": f"{src}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    return subprocess.Popen(
        [sys.executable, "-c", "from byline.cli import main; main()", "serve",
         "--db", str(db), "--port", str(port)],
        env=env,
    )  # fmt: skip


def wait_ready(url: str, proc: subprocess.Popen[bytes] | None, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(url + "/api/summary", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if proc is not None and proc.poll() is not None:
            raise SystemExit(f"server exited with status {proc.returncode}")
        if time.monotonic() > deadline:
            raise SystemExit("server did not answer within 30 s")
        time.sleep(0.2)


def queries(n: int, seed: int = 11) -> list[dict[str, str]]:
    """``n`` search parameter sets: one or two words, some with an outlet, speaker or
    anonymity filter."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        params = {"q": " ".join(rng.sample(WORDS, k=1 + i % 2))}
        if i % 3 == 1:
            params["outlet"] = rng.choice(OUTLETS)
        if i % 4 == 2:
            params["speaker"] = rng.choice(NAMES).split()[1]
        if i % 7 == 3:
            params["sources"] = "anonymous"
        out.append(params)
    return out


async def run_load(
    url: str, params: list[dict[str, str]], concurrency: int, request_timeout: float
) -> tuple[list[float], list[str]]:
    latencies: list[float] = []
    errors: list[str] = []
    queue: asyncio.Queue[dict[str, str]] = asyncio.Queue()
    for p in params:
        queue.put_nowait(p)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, timeout=request_timeout, limits=limits) as client:

        async def worker() -> None:
            while not queue.empty():
                p = queue.get_nowait()
                start = time.perf_counter()
                try:
                    r = await client.get("/api/search", params=p)
                    if r.status_code != 200:
                        errors.append(f"{r.status_code} for {p}: {r.text[:120]}")
                    else:
                        r.json()
                except (httpx.HTTPError, ValueError) as exc:
                    errors.append(f"{type(exc).__name__} for {p}")
                latencies.append(time.perf_counter() - start)

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, errors


def percentile(values: list[float], q: float) -> float:
    """The ``q``-quantile (0..1) by the inclusive method of :func:`statistics.quantiles`."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="corpus database (default: a synthetic one)")
    parser.add_argument("--url", help="a server already running (default: start one)")
    parser.add_argument("--articles", type=int, default=500, help="synthetic corpus size")
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--request-timeout", type=float, default=20.0, help="seconds")
    parser.add_argument("--deadline", type=float, default=60.0, help="seconds for the run")
    args = parser.parse_args(argv)

    proc = None
    with tempfile.TemporaryDirectory() as tmp:
        url = args.url
        if url is None:
            db = args.db
            if db is None:
                db = Path(tmp) / "synthetic.db"
                started = time.perf_counter()
                build_corpus(db, args.articles)
                print(f"built {args.articles} synthetic articles in "
                      f"{time.perf_counter() - started:.1f} s")  # fmt: skip
            port = free_port()
            proc = start_server(db, port)
            url = f"http://127.0.0.1:{port}"
        try:
            wait_ready(url, proc)
            params = queries(args.requests)
            started = time.perf_counter()
            try:
                latencies, errors = asyncio.run(
                    asyncio.wait_for(
                        run_load(url, params, args.concurrency, args.request_timeout),
                        args.deadline,
                    )
                )
            except TimeoutError:
                print(f"FAILED: the run took longer than {args.deadline:.0f} s")
                return 1
            elapsed = time.perf_counter() - started
        finally:
            if proc is not None:
                proc.terminate()
                proc.wait(10)
    ms = sorted(x * 1000 for x in latencies)
    print(
        f"{len(ms)} searches, {args.concurrency} concurrent, in {elapsed:.2f} s "
        f"({len(ms) / elapsed:.0f} searches/s)\n"
        f"latency ms: p50 {percentile(ms, 0.5):.1f}  p95 {percentile(ms, 0.95):.1f}  "
        f"max {ms[-1]:.1f}\nerrors: {len(errors)}"
    )
    for e in errors[:10]:
        print("  " + e)
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
