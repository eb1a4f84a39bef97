"""Prints its arguments as JSON and writes them to the file its first argument names."""
import json
import sys

text = json.dumps(sys.argv[1:])
print("ARGS " + text, flush=True)
with open(sys.argv[1], "w", encoding="utf-8") as marker:
    marker.write(text)
