"""The one-line result protocol between the benchmarks and ``bench/run_all.py``.

Each benchmark prints, per goal it measures, one line::

    RESULT|<goal>|<measured>|<target>|<met>

``goal`` names what is measured, ``measured`` and ``target`` are short
human-readable figures (units included), ``met`` is ``yes``, ``no`` or
``n/a`` (no verdict possible on this machine). The fields hold no ``|``.
``run_all.py`` collects these lines into ``bench/results/bench.md``.
Stdlib only: spawn and forkserver children of a benchmark re-import it.
"""
PREFIX = "RESULT|"


def result(goal: str, measured: str, target: str, met) -> str:
    """Prints and returns one RESULT line; ``met`` is a bool or a string."""
    if isinstance(met, bool):
        met = "yes" if met else "no"
    fields = [str(value).replace("|", "/") for value in (goal, measured, target, met)]
    line = PREFIX + "|".join(fields)
    print(line, flush=True)
    return line


def parse(line: str):
    """(goal, measured, target, met) from a RESULT line, or None."""
    line = line.strip()
    if not line.startswith(PREFIX):
        return None
    fields = line[len(PREFIX):].split("|")
    if len(fields) != 4:
        return None
    return tuple(fields)
