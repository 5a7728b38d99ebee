// The preflight says, in one line, everything a machine lacks for `npm test` and how to provision it.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const script = join(__dirname, 'preflight.mjs');

describe('npm test preflight', () => {
  it('names every missing part in one line with the provisioning command, and exits non-zero', () => {
    const run = spawnSync(process.execPath, [script], {
      env: { ...process.env, TINYFORGE_TEST_DOCKER_SOCKET: '/nonexistent/docker.sock', TINYFORGE_CHROMIUM: '/nonexistent/chromium' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('a Docker Engine answering on /nonexistent/docker.sock');
    expect(lines[0]).toContain('Chromium at /nonexistent/chromium');
    expect(lines[0]).toMatch(/sudo bash scripts\/test-host\.sh$/);
  });
});
