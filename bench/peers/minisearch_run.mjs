// MiniSearch peer, run by bench/peers/minisearch.py:
//   node minisearch_run.mjs PAGES.jsonl QUERIES.json LIMIT REPEATS
// Builds the index, warms up, then times REPEATS passes over every query inside node, so the latencies
// are MiniSearch's own and not node start-up or pipe I/O.
// Prints one JSON object on stdout.
import { readFileSync } from 'node:fs';
import MiniSearch from 'minisearch';

const [pagesPath, queriesPath, limitArg, repeatsArg] = process.argv.slice(2);
const limit = Number(limitArg || 10);
const repeats = Number(repeatsArg || 1);
const rssStart = process.memoryUsage().rss;

const pages = readFileSync(pagesPath, 'utf8').split('\n').filter(Boolean).map((line) => {
  const page = JSON.parse(line);
  const body = [page.summary || '', ...(page.sections || []).flatMap((s) => [s.heading || '', s.text || ''])];
  return { id: page.id, title: page.title, names: page.names.map((n) => n.text).join('\n'), body: body.join('\n') };
});
const queries = JSON.parse(readFileSync(queriesPath, 'utf8'));

const buildStart = process.hrtime.bigint();
// MiniSearch's documented site-search set-up: fuzzy 0.2 (edits up to 20% of the term length), prefix
// search on, field boosts; default tokenizer and term processing (lowercase).
const index = new MiniSearch({
  fields: ['title', 'names', 'body'],
  idField: 'id',
  searchOptions: { boost: { title: 3, names: 2 }, fuzzy: 0.2, prefix: true },
});
index.addAll(pages);
const buildNs = process.hrtime.bigint() - buildStart;
const rssAfterBuild = process.memoryUsage().rss;
// What a static site ships to the browser: the serialised index.
const indexBytes = Buffer.byteLength(JSON.stringify(index), 'utf8');

const search = (query) => index.search(query).slice(0, limit).map((hit) => hit.id);
// As bench/measure.py does in Python: warm up on the first 50 queries, keep the answers of the first
// timed pass.
for (const query of queries.slice(0, 50)) search(query);
let results = [];
const latencies = [];
for (let pass = 0; pass < repeats; pass += 1) {
  for (const query of queries) {
    const begin = process.hrtime.bigint();
    const answer = search(query);
    latencies.push(Number(process.hrtime.bigint() - begin));
    if (pass === 0) results.push(answer);
  }
}
process.stdout.write(JSON.stringify({
  build_seconds: Number(buildNs) / 1e9,
  index_bytes: indexBytes,
  results,
  latencies_ns: latencies,
  rss_start_bytes: rssStart,
  rss_after_build_bytes: rssAfterBuild,
  peak_rss_bytes: process.resourceUsage().maxRSS * 1024,
  node_version: process.version,
  minisearch_version: JSON.parse(readFileSync(new URL('../node_modules/minisearch/package.json', import.meta.url), 'utf8')).version,
}));
