"""Reads what Python subprocesses print: through a pipe and through a file.

Run as ``subprocess_output.py [PYTHON...]``: each Python (default: this
one) prints a line to its stdout and one to its stderr, which this script
captures and prints back, as a test runner or a build script does.
"""
import subprocess
import sys
import tempfile

CHILD = ("import sys; sys.stdout.write('out of the child\\n'); sys.stdout.flush(); "
         "sys.stderr.write('err of the child\\n'); sys.exit(4)")

for python in sys.argv[1:] or [sys.executable]:
    result = subprocess.run([python, "-c", CHILD], capture_output=True, text=True)
    print("piped:", result.returncode, repr(result.stdout), repr(result.stderr), flush=True)
    with tempfile.TemporaryFile("w+") as log:
        code = subprocess.call([python, "-c", CHILD], stdout=log, stderr=subprocess.STDOUT)
        log.seek(0)
        print("to a file:", code, repr(log.read()), flush=True)
