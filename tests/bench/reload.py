#!/usr/bin/env python3
"""Edit-to-reload of a preview server, for tests/bench/incremental.sh.

For each FILE URLPATH pair, in turn: appends a paragraph with a new word to
FILE (the way an editor's save ends: the file closed), then asks for
http://127.0.0.1:PORT/URLPATH every POLL milliseconds until the page holds the
word. Prints one line per edit: the milliseconds from the save to the first
answer that held the word, and with --signal (skylt serve) the milliseconds
until /_skylt/wait announced a new build, which is when a page open in a
browser reloads ("-" without --signal). An edit that is not seen within
TIMEOUT seconds prints "timeout" and the run ends with status 1.

usage: reload.py [--signal] [--timeout S] [--poll MS] PORT FILE URLPATH...
"""
import http.client
import os
import random
import sys
import threading
import time


def get(conn_box, port, path, timeout):
    """One GET on a kept-alive connection, reopened after any error. Returns
    (status, body) or (None, b"") when the server did not answer."""
    for _ in range(2):
        if conn_box[0] is None:
            conn_box[0] = http.client.HTTPConnection("127.0.0.1", port,
                                                     timeout=timeout)
        try:
            conn_box[0].request("GET", path)
            r = conn_box[0].getresponse()
            return r.status, r.read()
        except (OSError, http.client.HTTPException):
            conn_box[0].close()
            conn_box[0] = None
    return None, b""


def main(argv):
    signal, timeout, poll = False, 120.0, 5.0
    while argv and argv[0].startswith("--"):
        opt = argv.pop(0)
        if opt == "--signal":
            signal = True
        elif opt == "--timeout":
            timeout = float(argv.pop(0))
        elif opt == "--poll":
            poll = float(argv.pop(0))
        else:
            sys.exit("reload.py: unknown option " + opt)
    if len(argv) < 3 or len(argv) % 2 != 1:
        sys.exit(__doc__.strip().splitlines()[-1])
    port = int(argv[0])
    pairs = list(zip(argv[1::2], argv[2::2]))
    page = [None]
    # Each run's words are new: the pid and the time make them unique, the
    # letters keep them one word that no stage of either generator changes.
    stamp = "%x%x" % (os.getpid(), time.time_ns() % (1 << 32))
    failed = False
    for i, (path, url) in enumerate(pairs):
        status, _ = get(page, port, url, 10)
        if status != 200:
            sys.exit("reload.py: %s answered %s before the edit" % (url, status))
        seen = {}
        waiter = None
        if signal:
            w = [None]
            status, body = get(w, port, "/_skylt/wait", 10)
            if status != 200:
                sys.exit("reload.py: /_skylt/wait answered %s" % status)
            gen = body.decode().strip()

            def wait_next(gen=gen, w=w):
                # The long poll a page open in a browser keeps; it returns
                # after 25 s without a build, and is asked again.
                while time.monotonic() < t0 + timeout:
                    st, b = get(w, port, "/_skylt/wait?since=" + gen, 60)
                    if st == 200 and b.decode().strip() != gen:
                        seen["signal"] = time.monotonic()
                        return
                    if st is None:
                        time.sleep(poll / 1000)

            waiter = threading.Thread(target=wait_next, daemon=True)
        word = "reloadword%sx%d" % (stamp, i)
        with open(path, "a", encoding="utf-8") as f:
            f.write("\n\n%s\n" % word)
        t0 = time.monotonic()
        if waiter:
            waiter.start()
        needle = word.encode()
        while True:
            status, body = get(page, port, url, 10)
            now = time.monotonic()
            if status == 200 and needle in body:
                seen["page"] = now
                break
            if now - t0 > timeout:
                break
            time.sleep(poll / 1000)
        if waiter:
            waiter.join(max(0.0, t0 + timeout - time.monotonic()) + 1)
        if "page" not in seen:
            print("timeout", flush=True)
            failed = True
            break
        sig = seen.get("signal")
        print("%.0f %s" % ((seen["page"] - t0) * 1000,
                           "%.0f" % ((sig - t0) * 1000) if sig else "-"),
              flush=True)
        # The server's build is over before the next edit: with --signal it
        # has announced itself; without, give it a moment to settle. A
        # random part keeps the edits from falling into step with a server
        # that looks for changes on a timer.
        time.sleep((0.3 if signal and sig else 1.0) + random.uniform(0, 0.5))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
