"""Latency of the HTTP service under load: a text-only check at 20 concurrent clients on loopback.

Starts the real server (``python -m integrity serve``) in a subprocess, then
measures, in this one run:

* baseline 1 — in process: ``integrity.check(text)`` called back to back (no HTTP);
* baseline 2 — HTTP overhead: ``GET /healthz`` at the same concurrency;
* the service: ``POST /v1/check`` with ``{"text": ...}`` at the same concurrency.

Each client keeps one keep-alive connection and sends its requests one after
another. The run is bounded by ``--requests`` and ``--max-seconds`` per phase.
The goal is p95 ≤ 100 ms for the check at 20 clients; the server must answer
every request with 200 and still be up at the end.

    python benchmarks/bench_service.py                      # 1 server process
    python benchmarks/bench_service.py --workers 2          # one per core
    python benchmarks/bench_service.py --requests 400 --max-seconds 20
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_ARTICLE = ROOT / "fixtures" / "articles" / "seed-pokrovsk.txt"
KEY = "bench-key"
GOAL_P95_MS = 100.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(port: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "INTEGRITY_API_KEYS": KEY, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "integrity", "serve", "--port", str(port), "--workers", str(workers),
           "--log-level", "warning"]
    proc = subprocess.Popen(cmd, cwd=tempfile.gettempdir(), env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited:\n{log.read_text()}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                conn.close()
                time.sleep(0.5 if workers > 1 else 0)  # let every worker finish starting
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit(f"server did not start:\n{log.read_text()}")


def pct(sorted_ms: list[float], p: float) -> float:
    if not sorted_ms:
        return float("nan")
    k = min(len(sorted_ms) - 1, max(0, round(p / 100 * len(sorted_ms) + 0.5) - 1))
    return sorted_ms[k]


class Result:
    def __init__(self, name: str, latencies_ms: list[float], wall_s: float, errors: int, clients: int) -> None:
        self.name, self.wall_s, self.errors, self.clients = name, wall_s, errors, clients
        self.ms = sorted(latencies_ms)

    def row(self) -> str:
        n = len(self.ms)
        return (f"| {self.name} | {self.clients} | {n} | {self.errors} | {pct(self.ms, 50):.1f} | {pct(self.ms, 95):.1f} | "
                f"{pct(self.ms, 99):.1f} | {max(self.ms) if n else float('nan'):.1f} | {n / self.wall_s:.0f} |")


def load(
    port: int, clients: int, total: int, max_seconds: float, method: str, path: str, body: bytes | None
) -> tuple[list[float], float, int]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    per_client = max(1, total // clients)
    stop_at = time.monotonic() + max_seconds
    headers = {"X-API-Key": KEY, "Content-Type": "application/json"} if body is not None else {"X-API-Key": KEY}
    start_gate = threading.Barrier(clients)

    def client() -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        bad = 0
        start_gate.wait()
        for _ in range(per_client):
            if time.monotonic() > stop_at:
                break
            t0 = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                resp = conn.getresponse()
                resp.read()
                ok = resp.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            mine.append((time.perf_counter() - t0) * 1000)
            bad += not ok
        conn.close()
        with lock:
            latencies.extend(mine)
            errors += bad

    threads = [threading.Thread(target=client) for _ in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, time.perf_counter() - t0, errors


def in_process(text: str, total: int, max_seconds: float) -> tuple[list[float], float, int]:
    import integrity

    integrity.check(text)  # compile the rules first
    latencies: list[float] = []
    stop_at = time.monotonic() + max_seconds
    t0 = time.perf_counter()
    for _ in range(total):
        if time.monotonic() > stop_at:
            break
        s = time.perf_counter()
        integrity.check(text)
        latencies.append((time.perf_counter() - s) * 1000)
    return latencies, time.perf_counter() - t0, 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--requests", type=int, default=1000, help="requests per phase (default: 1000)")
    ap.add_argument("--max-seconds", type=float, default=60, help="time limit per phase (default: 60)")
    ap.add_argument("--workers", type=int, default=1, help="server processes (default: 1)")
    ap.add_argument("--article", type=Path, default=DEFAULT_ARTICLE)
    args = ap.parse_args()

    text = args.article.read_text(encoding="utf-8")
    body = json.dumps({"text": text}).encode()
    results: list[Result] = []

    lat, wall, err = in_process(text, min(args.requests, 300), args.max_seconds)
    results.append(Result("in-process `integrity.check` (baseline)", lat, wall, err, 1))

    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "server.log"
        proc = start_server(port, args.workers, log)
        try:
            load(port, args.clients, args.clients * 2, 10, "POST", "/v1/check", body)  # warm-up
            lat, wall, err = load(port, args.clients, args.requests, args.max_seconds, "GET", "/healthz", None)
            results.append(Result("HTTP `GET /healthz` (baseline)", lat, wall, err, args.clients))
            lat, wall, err = load(port, args.clients, args.requests, args.max_seconds, "POST", "/v1/check", body)
            check = Result("HTTP `POST /v1/check` (text)", lat, wall, err, args.clients)
            results.append(check)
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            alive = conn.getresponse().status == 200
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()

    cpus = os.cpu_count()
    print(
        f"# integrity service latency — {args.article.name} ({len(text)} chars), {args.workers} server "
        f"process(es), {cpus} CPUs, Python {sys.version.split()[0]}\n"
    )
    print("| what | clients | requests | errors | p50 ms | p95 ms | p99 ms | max ms | req/s |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in results:
        print(r.row())
    p95 = pct(check.ms, 95)
    verdict = "met" if p95 <= GOAL_P95_MS else "missed"
    print(
        f"\ngoal p95 ≤ {GOAL_P95_MS:.0f} ms at {args.clients} clients: {verdict} ({p95:.1f} ms); "
        f"server up afterwards: {alive}; non-200 answers: {check.errors}"
    )
    return 0 if alive and check.errors == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
