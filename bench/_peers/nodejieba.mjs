// Time @node-rs/jieba's cut (HMM on, like jieba's default) over every file
// of a folder; prints one JSON object for peers.sh.
//
//   node nodejieba.mjs FOLDER RUNS
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";

const [folder, runsArg] = process.argv.slice(2);
const runs = Number(runsArg || 3);
const texts = readdirSync(folder).sort().map((n) => readFileSync(join(folder, n), "utf8"));
const bytes = texts.reduce((s, t) => s + Buffer.byteLength(t, "utf8"), 0);
let t = performance.now();
const jieba = Jieba.withDict(dict);
const load = (performance.now() - t) / 1000;
const times = [];
for (let r = 0; r < runs; r++) {
  t = performance.now();
  for (const s of texts) jieba.cut(s, true);
  times.push((performance.now() - t) / 1000);
}
times.sort((a, b) => a - b);
const med = runs % 2 ? times[(runs - 1) / 2] : (times[runs / 2 - 1] + times[runs / 2]) / 2;
console.log(JSON.stringify({ tool: "node-rs/jieba", bytes, load_sec: load, median_sec: med, mb_per_sec: bytes / 1e6 / med }));
