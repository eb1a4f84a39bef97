"""Lesson 11: the tutorial's Python 2 print line on Python 3.

The classic tutorial was written for Python 2, where print is a statement:

    print "The time is {0}".format(time.ctime())

On Python 3 that line is a SyntaxError. Adding parentheses in the wrong
place gives the line many ported copies of the tutorial contain:

    print("The time is {0}").format(time.ctime())

This one runs, but print() is a function that returns None, so Python first
prints the text with "{0}" still in it and then calls None.format(...):
AttributeError: 'NoneType' object has no attribute 'format'.

The fix: call format() on the string, inside the parentheses:

    print("The time is {0}".format(time.ctime()))

This script runs the broken line in a child, which prints
"The time is {0}", fails with that AttributeError (traceback on stderr)
and exits with code 1; then the fixed line in a second child, which prints
the time and exits with 0. The script itself exits with 0.
"""
import multiprocessing
import time


def broken():
    # The ported Python 2 line: print() returns None, and None has no format().
    print("The time is {0}").format(time.ctime())


def fixed():
    print("The time is {0}".format(time.ctime()))


if __name__ == "__main__":
    for target in (broken, fixed):
        p = multiprocessing.Process(target=target, name=target.__name__)
        p.start()
        p.join()
        print(f"{p.name} exit code: {p.exitcode}", flush=True)
    print("end main", flush=True)
