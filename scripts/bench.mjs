// `npm run bench [-- NAME ...]`: runs bench/NAME.bench.ts (all of them without a name) with tsx.
// Each bench prints its figures and writes bench/results/NAME.json.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const available = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''));
const wanted = process.argv.slice(2);
for (const name of wanted) {
  if (!available.includes(name)) {
    console.error(`no bench named ${name}; available: ${available.join(', ')}`);
    process.exit(2);
  }
}
for (const name of wanted.length > 0 ? wanted : available) {
  console.log(`\n== bench ${name}`);
  execFileSync(join(root, 'node_modules/.bin/tsx'), [join(root, 'bench', `${name}.bench.ts`)], { stdio: 'inherit', cwd: root });
}
