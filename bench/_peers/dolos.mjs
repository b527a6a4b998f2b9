// Run Dolos (@dodona/dolos-lib, its "char" language: k-grams of characters)
// on all pairs of a folder's files; prints one JSON object for peers.sh
// with the pairs at or above a similarity threshold, the top pairs and the
// time of the analysis (median of RUNS, Node start-up excluded).
//
//   node dolos.mjs FOLDER RUNS THRESHOLD TOP
import { readdirSync } from "node:fs";
import { join, basename } from "node:path";
import { Dolos } from "@dodona/dolos-lib";

const [folder, runsArg, thrArg, topArg] = process.argv.slice(2);
const runs = Number(runsArg || 3);
const threshold = Number(thrArg || 0.1);
const top = Number(topArg || 10);
const paths = readdirSync(folder).sort().map((n) => join(folder, n));

const times = [];
let pairs = [];
for (let r = 0; r < runs; r++) {
  const t = performance.now();
  const dolos = new Dolos({ language: "char" });
  const report = await dolos.analyzePaths(paths);
  // allPairs() is where Dolos builds and scores the pairs: part of the work.
  pairs = report.allPairs().map((p) => ({
    a: basename(p.leftFile.path),
    b: basename(p.rightFile.path),
    score: p.similarity,
  }));
  times.push((performance.now() - t) / 1000);
}
times.sort((a, b) => a - b);
const med = runs % 2 ? times[(runs - 1) / 2] : (times[runs / 2 - 1] + times[runs / 2]) / 2;
pairs.sort((x, y) => y.score - x.score);
console.log(JSON.stringify({
  tool: "dolos",
  files: paths.length,
  median_sec: med,
  runs,
  threshold,
  pairs_above: pairs.filter((p) => p.score >= threshold).length,
  pairs_reported: pairs.length,
  top: pairs.slice(0, top),
  mem: { peak_mb: process.resourceUsage().maxRSS / 1024 },
}));
