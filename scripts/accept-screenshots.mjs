// Copies the screenshots of the last e2e run (.tmp/screenshots, ignored) into the reviewed set under
// docs/screenshots/, which is what the README and issues link to. Run it after looking at them.
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const from = join(process.cwd(), '.tmp', 'screenshots');
const to = join(process.cwd(), 'docs', 'screenshots');
if (!existsSync(from)) {
  console.error(`No screenshots in ${from}: run \`npm run test:e2e\` first.`);
  process.exit(1);
}
mkdirSync(to, { recursive: true });
const files = readdirSync(from).filter((f) => f.endsWith('.png'));
for (const f of files) copyFileSync(join(from, f), join(to, f));
console.log(`Copied ${files.length} screenshots to docs/screenshots/.`);
