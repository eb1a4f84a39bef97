"""Start cost per worker: ``Process.start()`` to the target's first line.

Measured two ways in one run, for each of forkserver and spawn the platform
offers:

* engine: ``bench/engine_start.py``, one ``engine.Session`` per sample with
  a single worker; the figure is ``WorkerStarted.t_ns - WorkerLaunched.t_ns``
  (perf_counter_ns before ``start()`` in the parent, perf_counter_ns at the
  target's start in the child; the clock is system-wide on Linux).
* bare: ``bench/bare_start.py``, doing the same with
  ``multiprocessing.get_context(method)`` and a Pipe. Under forkserver it
  preloads its own module plus runpy and pkgutil, as the engine preloads
  its worker module plus those (``engine.model.start_methods.FORKSERVER_PRELOAD``).

Each runs as a subprocess serving one sample per request as a JSON line:
two small stdlib-only main modules, since spawn and forkserver children
re-run (and compile) their parent's main module. Bare and engine samples
alternate (AB BA AB ...): on a small machine the start cost of one way
shifts by 20-40% between runs seconds apart, and alternating makes both
ways see the same conditions. The first start of each way and method is a
warm-up and is not counted (under forkserver it also starts the server).
Goal: engine within 1.1x of bare (issue 5; 1.5x in issue 2).

    python bench/start_cost.py [--samples 20] [--methods forkserver spawn]

This file is the main module, so spawn and forkserver children re-import it:
its module level imports only ``os`` and ``sys``; everything else is imported
inside functions.
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

METHODS = ("forkserver", "spawn")
DEFAULT_SAMPLES = 20
WARMUP = 1
TARGET_RATIO = 1.5
ISSUE_RATIO = 1.1  #: the issue's goal for the engine/bare median ratio
QUICK_SAMPLES = 10
TIMEOUT_S = 30.0
BARE_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bare_start.py")
ENGINE_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "engine_start.py")


class SampleServer:
    """``SCRIPT --serve`` in a fresh interpreter: one sample per request."""

    def __init__(self, script, method, warmup=WARMUP):
        import json
        import subprocess

        self._json = json
        self.command = [sys.executable, script, "--method", method, "--warmup", str(warmup), "--serve"]
        self._process = subprocess.Popen(
            self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1
        )
        self.header = self._read()  # arrives after the warm-up starts

    def _read(self):
        line = self._process.stdout.readline()
        if not line:
            self._process.wait(TIMEOUT_S)
            raise RuntimeError(
                f"{' '.join(self.command)} failed ({self._process.returncode}):\n{self._process.stderr.read()}"
            )
        return self._json.loads(line)

    def sample_ns(self):
        self._process.stdin.write("\n")
        self._process.stdin.flush()
        return self._read()["sample_ns"]

    def close(self):
        self._process.stdin.close()
        self._process.wait(TIMEOUT_S)
        self._process.stdout.close()
        self._process.stderr.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


def interleaved_samples(method, samples, warmup=WARMUP):
    """Bare and engine starts alternate (ABBA), so drift hits both alike."""
    bare, engine = [], []
    with SampleServer(BARE_SCRIPT, method, warmup) as bare_server, \
            SampleServer(ENGINE_SCRIPT, method, warmup) as engine_server:
        for index in range(samples):
            if index % 2 == 0:
                bare.append(bare_server.sample_ns())
                engine.append(engine_server.sample_ns())
            else:
                engine.append(engine_server.sample_ns())
                bare.append(bare_server.sample_ns())
        preload = bare_server.header["preload"], engine_server.header["preload"]
    return bare, engine, preload


def percentile(values, fraction):
    """Linear interpolation between closest ranks (numpy's default)."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summarize(samples_ns):
    to_ms = 1e-6
    return {
        "samples": len(samples_ns),
        "median_ms": round(percentile(samples_ns, 0.5) * to_ms, 3),
        "p90_ms": round(percentile(samples_ns, 0.9) * to_ms, 3),
        "min_ms": round(min(samples_ns) * to_ms, 3),
        "max_ms": round(max(samples_ns) * to_ms, 3),
    }


def machine_line():
    import platform

    return (
        f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()} "
        f"({platform.python_implementation()}), {platform.platform()}"
    )


def measure(methods=METHODS, samples=DEFAULT_SAMPLES):
    """Result rows, bare then engine per method; the engine row has the ratio."""
    from engine.model.start_methods import available_start_methods

    rows = []
    for method in methods:
        if method not in available_start_methods():
            print(f"{method}: not available on this platform, skipped")
            continue
        bare_ns, engine_ns, (bare_preload, engine_preload) = interleaved_samples(method, samples)
        bare_row = {
            "bench": "start_cost", "method": method, "way": "bare",
            "preload": bare_preload, **summarize(bare_ns),
        }
        engine_row = {
            "bench": "start_cost", "method": method, "way": "engine",
            "preload": engine_preload, **summarize(engine_ns),
        }
        ratio = percentile(engine_ns, 0.5) / percentile(bare_ns, 0.5)
        engine_row["ratio_to_bare"] = round(ratio, 2)
        engine_row["within_target"] = ratio <= TARGET_RATIO
        rows += [bare_row, engine_row]
    return rows


def print_rows(rows):
    print(f"{'method':<11} {'way':<7} {'n':>3} {'median ms':>10} {'p90 ms':>8} {'min ms':>8} {'max ms':>8}  preload")
    for row in rows:
        preload = ", ".join(row["preload"]) or "-"
        print(
            f"{row['method']:<11} {row['way']:<7} {row['samples']:>3} {row['median_ms']:>10.2f} "
            f"{row['p90_ms']:>8.2f} {row['min_ms']:>8.2f} {row['max_ms']:>8.2f}  {preload}"
        )
    for row in rows:
        if "ratio_to_bare" in row:
            verdict = "within" if row["within_target"] else "NOT within"
            print(
                f"{row['method']}: engine/bare median = {row['ratio_to_bare']:.2f}x "
                f"({verdict} the {TARGET_RATIO}x goal)"
            )


def main(argv=None):
    """Measures, prints, and returns the result rows (for bench/run_all.py).

    ``argv`` is this benchmark's own arguments; ``None`` means the defaults
    (not ``sys.argv``, which belongs to whoever called us).
    """
    import argparse

    parser = argparse.ArgumentParser(description="Per-worker start cost: engine vs bare multiprocessing.")
    parser.add_argument("--samples", type=int, default=DEFAULT_SAMPLES, help="measured starts per method and way")
    parser.add_argument("--methods", nargs="+", default=list(METHODS), choices=METHODS)
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_SAMPLES} samples (for run_all)")
    args = parser.parse_args([] if argv is None else argv)
    if args.quick:
        args.samples = QUICK_SAMPLES

    from bench.bytecode import ensure_bytecode

    ensure_bytecode()  # as an installed ProcLab ships it: see bench/bytecode.py
    print(machine_line())
    print(
        f"start() to the target's first line, {args.samples} sequential single-worker starts per method and way, "
        f"after {WARMUP} warm-up start, bare and engine alternating;\n"
        "bare = bench/bare_start.py (stdlib-only main; under forkserver it preloads its own module by name)"
    )
    rows = measure(args.methods, args.samples)
    print_rows(rows)
    print_results(rows)
    return rows


def print_results(rows):
    from bench.result_line import result

    by_way = {(row["method"], row["way"]): row for row in rows}
    for row in rows:
        if "ratio_to_bare" in row:
            bare = by_way[(row["method"], "bare")]
            result(f"1. start cost, start() to first line, engine/bare ({row['method']}, n={row['samples']})",
                   f"{row['ratio_to_bare']:.2f}x ({row['median_ms']:.1f} vs {bare['median_ms']:.1f} ms)",
                   f"<= {ISSUE_RATIO}x", row["ratio_to_bare"] <= ISSUE_RATIO)


if __name__ == "__main__":
    main(sys.argv[1:])
