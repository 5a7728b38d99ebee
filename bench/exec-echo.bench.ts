// `npm run bench -- exec-echo`: keystroke to echo in a container terminal, local and over SSH
// (bench/execEcho.ts). Part of the `stats` bench's figures (issue 12); written on its own here.
import { execEcho } from './execEcho';
import { writeResult } from './report';

async function main() {
  const figures = await execEcho();
  writeResult('exec-echo', figures, { exec_echo_ms_local: 'median, no target set', exec_echo_ms_ssh: 'median, no target set' });
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
