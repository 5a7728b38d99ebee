import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExposedSocket, exposedSocketPath } from './exposedSocket';

describe('exposed socket', () => {
  it('lives at a short path in a private per-user folder, whatever the data folder', () => {
    const path = exposedSocketPath('9f1c2b7e-0000-4000-8000-123456789abc', '/run/user/1000');
    expect(Buffer.byteLength(path)).toBeLessThanOrEqual(103);
    expect(path).toMatch(/^\/run\/user\/1000\/tinyforge-\d+\/docker-[0-9a-f]{10}\.sock$/);
  });

  it('refuses a path too long for a unix socket, leaving nothing behind', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'tf-')), 'x'.repeat(100));
    const socket = new ExposedSocket(join(dir, 'docker.sock'), () => null);
    await expect(socket.start()).rejects.toThrow(/longer than 103 bytes/);
    expect(existsSync(dir)).toBe(false);
    expect(socket.listening).toBe(false);
  });

  it('listens with 0600 in a 0700 folder, and removes the file on close', async () => {
    const base = mkdtempSync(join(tmpdir(), 'tf-'));
    const socket = new ExposedSocket(exposedSocketPath('host-1', base), () => null);
    await socket.start();
    expect(statSync(socket.path).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(socket.path)).mode & 0o777).toBe(0o700);
    await socket.close();
    expect(existsSync(socket.path)).toBe(false);
  });
});
