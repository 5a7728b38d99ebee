// A site delivery's archive download, against a real local HTTP server: the size limit holds by
// Content-Length and while streaming (a chunked answer), a failed answer is reported, and none of
// them reaches the site service (which would throw here).
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteView } from '../../../shared/types';
import { EventBus } from '../events';
import type { TargetDeps } from './deliveryTargets';
import { planDelivery } from './deliveryTargets';
import { DEFAULT_REF_MAPPING } from './refMapping';

let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/big') {
      res.setHeader('content-length', 4_096);
      res.end(Buffer.alloc(4_096));
    } else if (req.url === '/chunked') {
      // No Content-Length: the limit must hold while the bytes arrive.
      for (let i = 0; i < 8; i += 1) res.write(Buffer.alloc(1_024));
      res.end();
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

const deps: TargetDeps = {
  deployer: () => {
    throw new Error('no deployer in this test');
  },
  stacks: () => {
    throw new Error('no stacks in this test');
  },
  sites: () => {
    throw new Error('the site service must not be reached');
  },
  events: new EventBus(),
  mapping: () => DEFAULT_REF_MAPPING,
  maxArchiveBytes: 2_048,
  archiveTimeoutMs: 5_000,
};
const site = { id: 'site-1', kind: 'site', hostId: 'local', name: 'docs' } as SiteView;

async function runFor(url: string) {
  const plan = planDelivery(deps, site, { archiveUrl: url }, 'push');
  if (plan.kind !== 'run') throw new Error(`expected a run, got ${plan.kind}`);
  return plan.run();
}

describe('a site delivery’s archive download', () => {
  it('refuses an archive whose Content-Length is over the limit', async () => {
    expect(await runFor(`${base}/big`)).toEqual({ ok: false, reason: 'the archive is larger than 2048 bytes' });
  });

  it('refuses a chunked archive once it outgrows the limit', async () => {
    expect(await runFor(`${base}/chunked`)).toEqual({ ok: false, reason: 'the archive is larger than 2048 bytes' });
  });

  it('reports an answer that is not a success', async () => {
    expect(await runFor(`${base}/missing`)).toEqual({ ok: false, reason: 'the archive URL answered 404' });
  });

  it('refuses URLs that are not http(s), carry credentials or are missing, before any download', () => {
    for (const body of [
      { archiveUrl: 'file:///etc/passwd' },
      { archiveUrl: 'ftp://x/y.tgz' },
      { archiveUrl: 'http://u:p@127.0.0.1/x' },
      { archiveUrl: 'not a url' },
      {},
      null,
    ]) {
      expect(planDelivery(deps, site, body, 'push').kind).toBe('invalid');
    }
    expect(planDelivery(deps, site, { archiveUrl: `${base}/big` }, 'ping').kind).toBe('ignored');
  });
});
