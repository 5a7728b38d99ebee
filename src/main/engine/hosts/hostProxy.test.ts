// hosts.setProxy at the boundary: every bad input is refused with the field named and nothing
// changes; the NPM password is a secret that never comes back out (views, events, logs); the host's
// proxy driver follows its settings; and the kind cannot change under existing routes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import type { App } from '../app';
import { CaddyDriver } from '../proxy/caddyDriver';
import { NpmDriver } from '../proxy/npmDriver';
import { NoneProxyDriver } from '../proxy/proxyDriver';
import { dispatchCall } from '../rpc/handlers';
import { createTestProject, insertStageRow, tempDir } from '../testing/fixtures';

let app: App;
const emitted: unknown[] = [];
const logged: string[] = [];
const SECRET = 'npm-pa55word-xyz';
beforeEach(async () => {
  app = await createApp({ dataDir: tempDir(), shell: 'browser', dockerSocketPath: '/nonexistent/docker.sock', log: (m) => logged.push(m) });
  emitted.length = 0;
  logged.length = 0;
  app.events.subscribe((event, payload) => emitted.push([event, payload]));
});
afterEach(() => app?.close());

const call = (input: unknown) => dispatchCall(app.handlers, 'hosts.setProxy', input, { connectionId: 'test' });
const npm = { kind: 'npm', domain: 'apps.example.com', npm: { url: 'http://npm.lan:81', email: 'ops@example.com', password: SECRET } };
const saved = () => app.services.hosts.require('local').proxy;

describe('hosts.setProxy', () => {
  it.each([
    ['an unknown kind', { kind: 'traefik', domain: 'a.example.com' }, /proxy\.kind/],
    ['a domain with a scheme', { kind: 'caddy', domain: 'https://a.example.com', httpPort: 80 }, /proxy\.domain: must be a domain/],
    ['a domain with a port', { kind: 'caddy', domain: 'a.example.com:8080', httpPort: 80 }, /proxy\.domain: must be a domain/],
    ['a domain with a space', { kind: 'caddy', domain: 'a example.com', httpPort: 80 }, /proxy\.domain: must be a domain/],
    ['an empty domain', { kind: 'caddy', domain: ' ', httpPort: 80 }, /proxy\.domain: is required/],
    ['port 0', { kind: 'caddy', domain: 'a.example.com', httpPort: 0 }, /proxy\.httpPort/],
    ['a port out of range', { kind: 'caddy', domain: 'a.example.com', httpPort: 70_000 }, /proxy\.httpPort/],
    ['a fractional port', { kind: 'caddy', domain: 'a.example.com', httpPort: 80.5 }, /proxy\.httpPort/],
    ['an NPM address that is not http', { ...npm, npm: { ...npm.npm, url: 'file:///etc/passwd' } }, /proxy\.npm\.url: must be an http\(s\) address/],
    ['an NPM address with credentials in it', { ...npm, npm: { ...npm.npm, url: 'http://admin:pw@npm.lan:81' } }, /proxy\.npm\.url/],
    ['an NPM address that is not a URL', { ...npm, npm: { ...npm.npm, url: 'npm.lan' } }, /proxy\.npm\.url/],
    ['an email without @', { ...npm, npm: { ...npm.npm, email: 'ops' } }, /proxy\.npm\.email: must be an email address/],
    ['an empty password', { ...npm, npm: { ...npm.npm, password: '' } }, /proxy\.npm\.password: is required/],
    ['NPM without its settings', { kind: 'npm', domain: 'a.example.com' }, /proxy\.npm/],
    ['a field of another kind', { kind: 'none', httpPort: 80 }, /httpPort/],
    ['an unknown field', { kind: 'caddy', domain: 'a.example.com', httpPort: 80, admin: '0.0.0.0:2019' }, /admin/],
    ['an empty proxy image', { kind: 'caddy', domain: 'a.example.com', httpPort: 80, image: ' ' }, /proxy\.image: is required/],
    ['a proxy image with upper case', { kind: 'caddy', domain: 'a.example.com', httpPort: 80, image: 'Caddy:2' }, /proxy\.image: must be an image/],
    [
      'a proxy image that is a docker option',
      { kind: 'caddy', domain: 'a.example.com', httpPort: 80, image: '--privileged' },
      /proxy\.image: must be an image/,
    ],
    ['a proxy image with a space', { kind: 'caddy', domain: 'a.example.com', httpPort: 80, image: 'caddy:2 --rm' }, /proxy\.image: must be an image/],
  ])('refuses %s with VALIDATION naming the field, and changes nothing', async (_what, proxy, message) => {
    const before = saved();
    const res = await call({ id: 'local', proxy });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe('VALIDATION');
    expect(res.error.message).toMatch(message);
    expect(saved()).toEqual(before);
    expect(emitted).toEqual([]);
  });

  it('refuses an unknown host with NOT_FOUND', async () => {
    expect(await call({ id: 'nope', proxy: { kind: 'none' } })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('requires the NPM password when none is known, naming the field, and changes nothing', async () => {
    const { password: _password, ...withoutPassword } = npm.npm;
    const res = await call({ id: 'local', proxy: { ...npm, npm: withoutPassword } });
    expect(res).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: 'proxy.npm.password', message: 'is required' }] } });
    expect(saved().kind).toBe('caddy');
  });

  it('keeps the NPM password out of the host view, events and logs, and keeps it when left out later', async () => {
    const res = await call({ id: 'local', proxy: npm });
    expect(res).toMatchObject({
      ok: true,
      value: { proxy: { kind: 'npm', domain: 'apps.example.com', npm: { url: 'http://npm.lan:81', email: 'ops@example.com' }, npmPassword: 'session' } },
    });
    const { password: _password, ...withoutPassword } = npm.npm;
    expect(await call({ id: 'local', proxy: { ...npm, npm: { ...withoutPassword, email: 'ops2@example.com' } } })).toMatchObject({ ok: true });
    expect(app.services.secrets.npmPassword('local')).toBe(SECRET);
    const everywhere = JSON.stringify([
      res,
      app.services.hostViews(),
      await dispatchCall(app.handlers, 'hosts.list', {}, { connectionId: 'test' }),
      emitted,
      logged,
      app.services.health(),
    ]);
    expect(everywhere).not.toContain(SECRET);
    expect(emitted).toContainEqual(['hosts.changed', { hostId: 'local' }]);
  });

  it('never sends the saved NPM password to a new address: it must be entered again', async () => {
    expect(await call({ id: 'local', proxy: npm })).toMatchObject({ ok: true });
    const { password: _password, ...withoutPassword } = npm.npm;
    const moved = await call({ id: 'local', proxy: { ...npm, npm: { ...withoutPassword, url: 'http://npm.lan.example.net:81' } } });
    expect(moved).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', issues: [{ path: 'proxy.npm.password', message: 'is required for a new address' }] },
    });
    expect(saved().npm).toEqual({ url: 'http://npm.lan:81', email: 'ops@example.com' });
    expect(await call({ id: 'local', proxy: { ...npm, npm: { ...npm.npm, url: 'http://npm.lan.example.net:81' } } })).toMatchObject({ ok: true });
    expect(saved().npm?.url).toBe('http://npm.lan.example.net:81');
  });

  it("names routes under the host's own domain (routes.list), not a default", async () => {
    expect(await call({ id: 'local', proxy: { kind: 'caddy', domain: 'apps.example.com', httpPort: 8080 } })).toMatchObject({ ok: true });
    const { projectId, stageId } = createTestProject(app.services.workloads, { stage: { subdomain: null } });
    insertStageRow(app.services.db, { id: 'row-1', projectId, stageId, name: 'api-1', routeId: stageId });
    const routes = await dispatchCall(app.handlers, 'routes.list', { workloadId: projectId }, { connectionId: 'test' });
    expect(routes).toMatchObject({ ok: true, value: { routes: [{ host: 'production-api.apps.example.com' }] } });
  });

  it('gives the host the driver its settings name, rebuilt when they change', async () => {
    expect(app.services.proxy('local')).toBeInstanceOf(CaddyDriver);
    const caddy = app.services.proxy('local');
    expect(await call({ id: 'local', proxy: { kind: 'caddy', domain: 'apps.example.com', httpPort: 8080 } })).toMatchObject({ ok: true });
    expect(app.services.proxy('local')).not.toBe(caddy);
    expect(await call({ id: 'local', proxy: npm })).toMatchObject({ ok: true });
    expect(app.services.proxy('local')).toBeInstanceOf(NpmDriver);
    expect(await call({ id: 'local', proxy: { kind: 'none' } })).toMatchObject({ ok: true });
    expect(app.services.proxy('local')).toBeInstanceOf(NoneProxyDriver);
    // Settings the kind does not use are kept for a switch back.
    expect(saved()).toEqual({
      kind: 'none',
      domain: 'apps.example.com',
      httpPort: 8080,
      image: 'caddy:2',
      npm: { url: 'http://npm.lan:81', email: 'ops@example.com' },
    });
  });

  it("runs the managed Caddy on the host's own image, kept when a client leaves it out", async () => {
    const image = 'mirror.lan:5000/library/caddy:2.7@sha256:' + 'a'.repeat(64);
    expect(await call({ id: 'local', proxy: { kind: 'caddy', domain: 'apps.example.com', httpPort: 8080, image } })).toMatchObject({
      ok: true,
      value: { proxy: { image } },
    });
    expect((app.services.proxy('local') as CaddyDriver).image).toBe(image);
    expect(await call({ id: 'local', proxy: { kind: 'caddy', domain: 'apps.example.com', httpPort: 8081 } })).toMatchObject({ ok: true });
    expect(saved().image).toBe(image);
  });

  it('says what is missing when an NPM host has no password in this session', async () => {
    app.services.hosts.setProxy('local', {
      kind: 'npm',
      domain: 'a.example.com',
      httpPort: 80,
      image: 'caddy:2',
      npm: { url: 'http://npm.lan:81', email: 'ops@example.com' },
    });
    let refused: unknown;
    try {
      app.services.proxy('local');
    } catch (error) {
      refused = error;
    }
    expect(refused).toMatchObject({
      code: 'PROXY_UNAVAILABLE',
      details: { host: 'local' },
      message: expect.stringMatching(/^the Nginx Proxy Manager password of host local is not known in this session/),
    });
  });

  it('refuses to change the kind while a stage on the host has a route (CONFLICT), and changes nothing', async () => {
    const { projectId, stageId } = createTestProject(app.services.workloads, { stage: { subdomain: 'api' } });
    insertStageRow(app.services.db, { id: 'row-1', projectId, stageId, name: 'api-1', routeId: stageId });
    emitted.length = 0;
    const res = await call({ id: 'local', proxy: { kind: 'none' } });
    expect(res).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringMatching(/routed through its caddy proxy.*nothing was changed/) },
    });
    expect(saved().kind).toBe('caddy');
    expect(emitted).toEqual([]);
  });
});
