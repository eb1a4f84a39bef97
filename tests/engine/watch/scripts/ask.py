"""Reads two lines from its standard input and prints them back."""
first = input("first? ")
second = input("second? ")
print(f"got {first!r} and {second!r}")
