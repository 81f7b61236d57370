#!/usr/bin/env python3
"""Concurrency Lab: how the python-gevent model starts: gevent patches the standard library first.

monkey.patch_all() has to run before anything imports socket, time or threading, or they keep
their blocking originals; so this script patches, then imports experiment.py and runs it with
the same argument and the same JSON lines.
"""

import json
import os
import sys

# Name lookups answered in the hub's own thread: gevent's default resolver uses a pool of native
# threads, which would add threads to a model whose lesson is that it runs on one.
os.environ.setdefault("GEVENT_RESOLVER", "block")

try:
    from gevent import monkey
except ImportError as error:
    if error.name == "gevent":
        why = "gevent is not installed for %s" % sys.executable
    else:  # installed but broken, e.g. a greenlet that does not match
        why = "gevent does not import for %s (%s)" % (sys.executable, error)
    message = why + ": on Debian, apt install python3-gevent"
    sys.stdout.write(json.dumps({"type": "error", "message": message}) + "\n")
    sys.exit(3)

monkey.patch_all()

import experiment  # noqa: E402 - imported after patching, on purpose

if __name__ == "__main__":
    sys.exit(experiment.main())
