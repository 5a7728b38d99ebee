// Before `npm test`: says in one line what this machine lacks for the tests (a Docker Engine that
// answers, the test images, Chromium, OpenSSH's server, the test registry) and how to get it,
// instead of letting hundreds of tests fail one by one. Changes nothing.
import { existsSync } from 'node:fs';
import { request } from 'node:http';

const socketPath = process.env.TINYFORGE_TEST_DOCKER_SOCKET ?? '/var/run/docker.sock';
const chromium = process.env.TINYFORGE_CHROMIUM ?? '/usr/bin/chromium';

/** GET over a unix socket or TCP, resolving with the status code or null (no answer in 2 s). */
function get(options) {
  return new Promise((resolve) => {
    const req = request({ method: 'GET', timeout: 2_000, ...options }, (res) => {
      res.resume();
      resolve(res.statusCode ?? null);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
    req.end();
  });
}

const missing = [];
if ((await get({ socketPath, path: '/_ping' })) !== 200) {
  missing.push(`a Docker Engine answering on ${socketPath}`);
} else {
  const images = ['tinyforge-test/busybox:latest', 'tinyforge-test/app:v1', 'tinyforge-test/app:v2', 'tinyforge-test/caddy:2.6'];
  const absent = [];
  for (const image of images) if ((await get({ socketPath, path: `/images/${encodeURIComponent(image)}/json` })) !== 200) absent.push(image);
  if (absent.length > 0) missing.push(`the test images ${absent.join(', ')}`);
}
if (!existsSync(chromium)) missing.push(`Chromium at ${chromium}`);
if (!existsSync('/usr/sbin/sshd')) missing.push("OpenSSH's server (/usr/sbin/sshd)");
if ((await get({ host: '127.0.0.1', port: 5000, path: '/v2/' })) === null) missing.push('the test registry on 127.0.0.1:5000');

if (missing.length > 0) {
  console.error(`npm test needs ${missing.join('; ')}. Provision this machine with: sudo bash scripts/test-host.sh`);
  process.exit(1);
}
