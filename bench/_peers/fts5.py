"""SQLite FTS5 (trigram tokenizer) on the same synthetic corpus and queries
as benchsearch, through Debian's sqlite3 command-line shell; prints one JSON
object for peers.sh.

    python3 fts5.py CORPUS.csv N QUERIES.txt RUNS DB
"""
import csv
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import time


def main():
    src, n, qfile, runs, db = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]
    csv.field_size_limit(1 << 30)
    # The first N rows, as benchsearch indexes.
    sub = db + ".csv"
    with open(src, newline="", encoding="utf-8") as f, open(sub, "w", newline="", encoding="utf-8") as g:
        w = csv.writer(g)
        for i, row in enumerate(csv.reader(f)):
            if i >= n:
                break
            w.writerow(row)
    if os.path.exists(db):
        os.remove(db)
    build = (
        "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, body, tokenize='trigram');\n"
        f".import --csv {sub} docs\n"
    )
    t = time.perf_counter()
    subprocess.run(["sqlite3", db], input=build, text=True, check=True, capture_output=True)
    build_sec = time.perf_counter() - t
    os.remove(sub)
    qs = [q.strip() for q in open(qfile, encoding="utf-8") if q.strip()]
    # Queries through Python's sqlite3 module: the same Debian libsqlite3
    # as the shell, but timed to the microsecond (the shell's .timer prints
    # milliseconds). A query is the top 10 by rank plus the total count, as
    # planmine's Search returns both.
    con = sqlite3.connect(db)
    queries, meds = [], []
    for q in qs:
        m = '"' + q.replace('"', '""') + '"'
        per, total = [], 0
        for _ in range(runs):
            t = time.perf_counter()
            total = con.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", (m,)).fetchone()[0]
            con.execute("SELECT id FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT 10", (m,)).fetchall()
            per.append((time.perf_counter() - t) * 1000)
        med = statistics.median(per)
        meds.append(med)
        queries.append({"q": q, "ms": med, "total": total})
    print(json.dumps({"tool": "sqlite-fts5", "docs": n, "build_sec": build_sec,
                      "disk_mb": os.path.getsize(db) / 1e6, "query_ms": statistics.median(meds),
                      "queries": queries}, ensure_ascii=False))


if __name__ == "__main__":
    main()
