// `npm run bench`: runs every bench part (or those named on the command line: `npm run bench -- core`),
// prints one table and writes {"metric": {value, unit, baseline, ratio}} to .tmp/bench/latest.json
// (git-ignored), or with `--record` to the reviewed test/bench/results/latest.json (decision 0039).
import { mkdirSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchPart, Metric } from './metric';
import { resultsFile } from './results-file';

const here = dirname(fileURLToPath(import.meta.url));

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const wanted = args.filter((a) => !a.startsWith('-'));
  const unknown = args.filter((a) => a.startsWith('-') && a !== '--record');
  if (unknown.length > 0) throw new Error(`unknown option ${unknown.join(', ')} (the one option is --record)`);
  const outFile = resultsFile(args);
  const parts = readdirSync(join(here, 'parts'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => basename(f, '.ts'))
    .filter((name) => wanted.length === 0 || wanted.includes(name))
    .sort();
  if (parts.length === 0) throw new Error(`no bench part matches ${wanted.join(', ')}`);

  // Keep figures of parts not run this time, so a partial run updates only its own rows.
  const results: Record<string, Metric> = existsSync(outFile) ? (JSON.parse(readFileSync(outFile, 'utf8')) as Record<string, Metric>) : {};
  for (const part of parts) {
    console.error(`bench: ${part}...`);
    const mod = (await import(pathToFileURL(join(here, 'parts', `${part}.ts`)).href)) as { run: BenchPart };
    const figures = await mod.run();
    for (const [name, m] of Object.entries(figures)) results[name] = m;
    printTable(part, figures);
  }
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, JSON.stringify(results, null, 2) + '\n');
  console.log(`\nwritten ${outFile}`);
}

function printTable(part: string, figures: Record<string, Metric>): void {
  const rows = Object.entries(figures).map(([name, m]) => [
    name,
    `${m.value} ${m.unit}`,
    m.baseline === null ? '-' : `${m.baseline} ${m.unit}`,
    m.ratio === null ? '-' : `${m.ratio}x`,
  ]);
  const header = ['metric', 'value', 'baseline', 'ratio'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  console.log(`\n== ${part}`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
