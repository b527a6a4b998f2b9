"""Time python3-jieba's default segmentation (jieba.cut, HMM on) over every
file of a folder; prints one JSON object for peers.sh.

    /usr/bin/python3 jieba_seg.py FOLDER RUNS
"""
import json
import os
import statistics
import sys
import time

import jieba


def main():
    folder, runs = sys.argv[1], int(sys.argv[2])
    texts = []
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as f:
            texts.append(f.read())
    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    t = time.perf_counter()
    jieba.setLogLevel(60)
    jieba.initialize()
    load = time.perf_counter() - t
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        for s in texts:
            # list() forces the generator: jieba.cut is lazy.
            list(jieba.cut(s))
        times.append(time.perf_counter() - t)
    med = statistics.median(times)
    print(json.dumps({"tool": "jieba(py)", "bytes": nbytes, "load_sec": load,
                      "median_sec": med, "mb_per_sec": nbytes / 1e6 / med}))


if __name__ == "__main__":
    main()
