"""Ends at once: one line printed, one written straight to descriptor 1."""
import os

print("printed line", flush=True)
os.write(1, b"written line\n")
