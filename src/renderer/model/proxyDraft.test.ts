import { describe, expect, it } from 'vitest';
import { contract } from '../../shared/contract';
import { localHost } from '../testing/fixtures';
import { exampleRoute, proxyDraftOf, proxyInputFrom } from './proxyDraft';

const draft = {
  kind: 'caddy' as const,
  domain: 'apps.example.com',
  httpPort: '8080',
  image: 'mirror.lan:5000/library/caddy:2',
  npmUrl: 'http://npm.lan:81',
  npmEmail: 'ops@example.com',
};
const parse = (input: unknown) => contract.calls['hosts.setProxy'].input.safeParse(input);

describe('proxy draft', () => {
  it("starts from the host's saved settings, with no password", () => {
    const host = localHost({
      proxy: { kind: 'npm', domain: 'a.example.com', httpPort: 80, image: 'caddy:2', npm: { url: 'http://npm:81', email: 'a@b.c' }, npmPassword: 'keychain' },
    });
    expect(proxyDraftOf(host)).toEqual({ kind: 'npm', domain: 'a.example.com', httpPort: '80', image: 'caddy:2', npmUrl: 'http://npm:81', npmEmail: 'a@b.c' });
  });

  it('sends only what the chosen kind uses, and a valid input for each kind', () => {
    expect(proxyInputFrom('h', draft, '')).toEqual({
      id: 'h',
      proxy: { kind: 'caddy', domain: 'apps.example.com', httpPort: 8080, image: 'mirror.lan:5000/library/caddy:2' },
    });
    expect(proxyInputFrom('h', { ...draft, kind: 'none' }, 'x')).toEqual({ id: 'h', proxy: { kind: 'none' } });
    expect(proxyInputFrom('h', { ...draft, kind: 'npm' }, 's3cret').proxy).toEqual({
      kind: 'npm',
      domain: 'apps.example.com',
      npm: { url: 'http://npm.lan:81', email: 'ops@example.com', password: 's3cret' },
    });
    for (const kind of ['caddy', 'npm', 'none'] as const) expect(parse(proxyInputFrom('h', { ...draft, kind }, 'pw')).success).toBe(true);
  });

  it('leaves the password out when the field is empty (the engine keeps the one it knows)', () => {
    const input = proxyInputFrom('h', { ...draft, kind: 'npm' }, '');
    expect(input.proxy.kind === 'npm' && 'password' in input.proxy.npm).toBe(false);
  });

  it('sends a port that is not a number on as NaN, so the schema names the field', () => {
    for (const text of ['', 'eighty', '80x']) {
      const result = parse(proxyInputFrom('h', { ...draft, httpPort: text }, ''));
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['proxy.httpPort']);
    }
  });

  it('shows the address a stage gets, or none without a proxy', () => {
    expect(exampleRoute({ ...draft, domain: ' Apps.Example.com ' }, 'api')).toBe('api.apps.example.com');
    expect(exampleRoute({ ...draft, kind: 'none' }, 'api')).toBeNull();
    for (const domain of ['', 'https://apps.example.com', 'apps.example.com:80', '.example.com']) expect(exampleRoute({ ...draft, domain }, 'api')).toBeNull();
  });
});
