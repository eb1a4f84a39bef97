"""A script that never imports multiprocessing."""
import sys

print("first line")
print("to stderr", file=sys.stderr)
print("wide " + "😀" * 6000)
print("last line")
