"""HTTP load: wrk when it is installed (Debian package `wrk`), else a small threaded client.

wrk is a single C process with an event loop: on a 2-core machine that shares
its cores with the server, it takes a small, steady share of CPU and its
latency histogram is exact, so it is the one to trust. The Python client is the
fallback for machines without wrk; it needs more CPU per request and so reads
somewhat lower throughput. The report names the one used.

Both are closed loops of `connections` clients, each sending its next request
when the previous answer has arrived, for `duration` seconds; both stop by
themselves. Only 127.0.0.1 is ever a target.
"""

import http.client
import json
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

WRK_SCRIPT = """
local paths = {%(paths)s}
local cookie = %(cookie)s
local bust = %(bust)s
local counter = 0
request = function()
  counter = counter + 1
  local path = paths[(counter %% #paths) + 1]
  if bust then
    local sep = "?"
    if string.find(path, "?", 1, true) then sep = "&" end
    path = path .. sep .. "_bench=" .. counter
  end
  local headers = {}
  if cookie ~= "" then headers["Cookie"] = cookie end
  return wrk.format("GET", path, headers)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH-RESULT {\\"requests\\": %%d, \\"duration_us\\": %%d, \\"p50_us\\": %%d, " ..
    "\\"p95_us\\": %%d, \\"p99_us\\": %%d, \\"errors\\": %%d, \\"bad_status\\": %%d}\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.connect + e.read + e.write + e.timeout, e.status))
end
"""


@dataclass
class LoadResult:
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int  # connection errors and time-outs
    bad_status: int  # answers with status 400 or above

    @property
    def rps(self):
        return self.requests / self.seconds if self.seconds else 0.0


def lua_string(value):
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def generator_name():
    wrk = shutil.which("wrk")
    if wrk:
        version = subprocess.run([wrk, "-v"], capture_output=True, text=True).stdout.split()  # noqa: S603
        return f"wrk {version[1] if len(version) > 1 else ''}".strip()
    return "python threads (wrk not installed)"


def run(base_url, paths, *, connections, duration, cookie="", bust=False):
    """Load `paths` (round robin) on `base_url` and measure."""
    assert base_url.startswith("http://127.0.0.1:"), "load only this machine's own server"
    if shutil.which("wrk"):
        return run_wrk(base_url, paths, connections, duration, cookie, bust)
    return run_threads(base_url, paths, connections, duration, cookie, bust)


def run_wrk(base_url, paths, connections, duration, cookie, bust):
    script = WRK_SCRIPT % {
        "paths": ", ".join(lua_string(p) for p in paths),
        "cookie": lua_string(cookie),
        "bust": "true" if bust else "false",
    }
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "bench.lua"
        path.write_text(script, encoding="utf-8")
        completed = subprocess.run(  # noqa: S603 -- our own arguments, no shell
            [
                shutil.which("wrk"),
                "-t1",
                f"-c{connections}",
                f"-d{duration}s",
                "--timeout",
                "60s",
                "-s",
                str(path),
                base_url,
            ],  # fmt: skip
            capture_output=True,
            text=True,
            timeout=duration + 120,
        )
    for line in completed.stdout.splitlines():
        if line.startswith("BENCH-RESULT "):
            data = json.loads(line.removeprefix("BENCH-RESULT "))
            return LoadResult(
                requests=data["requests"],
                seconds=data["duration_us"] / 1e6,
                p50_ms=data["p50_us"] / 1000,
                p95_ms=data["p95_us"] / 1000,
                p99_ms=data["p99_us"] / 1000,
                errors=data["errors"],
                bad_status=data["bad_status"],
            )
    raise RuntimeError(f"wrk gave no result: {completed.stdout} {completed.stderr}")


def run_threads(base_url, paths, connections, duration, cookie, bust):
    host, port = base_url.removeprefix("http://").rstrip("/").split(":")
    latencies, failures = [], {"errors": 0, "bad_status": 0}
    lock = threading.Lock()
    deadline = time.monotonic() + duration
    counter = iter(range(10**9))

    def client():
        connection = http.client.HTTPConnection(host, int(port), timeout=60)
        mine, errors, bad = [], 0, 0
        while time.monotonic() < deadline:
            number = next(counter)
            path = paths[number % len(paths)]
            if bust:
                path += ("&" if "?" in path else "?") + f"_bench={number}"
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
                response = connection.getresponse()
                response.read()
                if response.will_close:
                    connection.close()
            except (OSError, http.client.HTTPException):
                errors += 1
                connection.close()
                continue
            mine.append(time.perf_counter() - started)
            bad += response.status >= 400
        with lock:
            latencies.extend(mine)
            failures["errors"] += errors
            failures["bad_status"] += bad

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    if len(latencies) < 2:
        latencies = latencies * 2 or [0.0, 0.0]
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return LoadResult(
        requests=len(latencies),
        seconds=elapsed,
        p50_ms=cuts[49] * 1000,
        p95_ms=cuts[94] * 1000,
        p99_ms=cuts[98] * 1000,
        **failures,
    )
