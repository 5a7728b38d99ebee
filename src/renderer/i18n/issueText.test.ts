import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { validateCallInput } from '../model/formIssues';
import type { FormIssue } from '../model/formIssues';
import en from './en.json';
import { issueText } from './issueText';
import ru from './ru.json';

const i18n = i18next.createInstance();
void i18n.init({ resources: { en: { translation: en }, ru: { translation: ru } }, lng: 'ru', initAsync: false, interpolation: { escapeValue: false } });
const t = i18n.getFixedT('ru');

// Inputs that trip every rule of the contract a form can hit.
const issues: FormIssue[] = [
  ...validateCallInput('workloads.createProject', {
    name: '-bad',
    imageRepository: 'Bad:Tag',
    stages: [
      { name: 'Prod!', imageTag: 'bad tag', port: 0, healthCheckPath: 'healthz', healthTimeoutSec: 1.5, subdomain: '-x', maxInstances: 99, env: { '1X': 'y' } },
    ],
  }),
  ...validateCallInput('workloads.createProject', { name: 'x'.repeat(65), imageRepository: 'a', stages: [] }),
  ...validateCallInput('workloads.createProject', { name: 'ok', imageRepository: 'a', stages: [{ name: 'a' }, { name: 'a' }] }),
  ...validateCallInput('workloads.createProject', { name: 'ok', imageRepository: 'a', stages: [{ name: 'a', env: { constructor: 'x' } }] }),
  ...validateCallInput('workloads.createStack', { name: '', composeProjectName: 'Has Caps' }),
  ...validateCallInput('workloads.createStack', { name: 'ok', composeProjectName: 'ok', envFile: 'x'.repeat(1_000_001) }),
  ...validateCallInput('settings.update', { dockerSocketPath: '', resyncIntervalSec: Number.NaN }),
  ...validateCallInput('settings.update', { resyncIntervalSec: 99_999 }),
  ...validateCallInput('hosts.add', {
    name: 'prod',
    ssh: { address: 'bad host!', port: 0, username: '-x y', auth: 'key', privateKeyPath: 'id_rsa', socketPath: 'docker.sock' },
    passphrase: 'x'.repeat(1_025),
  }),
  ...validateCallInput('hosts.add', { name: 'prod', ssh: { address: 'h', port: Number.NaN, username: '' } }),
  // Key authentication without a key file: the object-level rule runs once the fields are valid.
  ...validateCallInput('hosts.test', { ssh: { address: 'h', username: 'deploy', auth: 'key' }, acceptFingerprint: 'MD5:aa' }),
  ...validateCallInput('hosts.setProxy', { id: 'local', proxy: { kind: 'caddy', domain: 'https://x', httpPort: Number.NaN, image: 'Caddy 2' } }),
  ...validateCallInput('hosts.setProxy', { id: 'local', proxy: { kind: 'npm', domain: '', npm: { url: 'ftp://npm', email: 'ops', password: '' } } }),
  ...validateCallInput('registries.set', { registry: 'https://ghcr.io', username: 'a b', password: '' }),
  ...validateCallInput('registries.test', { registry: 'acme', username: '', password: 'x'.repeat(4_097) }),
  ...validateCallInput('sites.update', { id: 's1', subdomain: 'Bad_Name', options: { notFoundPage: '404.html' }, keepVersions: 51 }),
  ...validateCallInput('sites.update', { id: 's1', options: { notFoundPage: '/a/../b' }, keepVersions: 2.5 }),
  ...validateCallInput('sites.deploy', { id: 's1', source: { kind: 'folder', path: 'relative/dir' } }),
  ...validateCallInput('dns.setSettings', {
    hostId: 'local',
    settings: {
      kind: 'rfc2136',
      ipv4: '300.1.1.1',
      ipv6: 'fe80::zz',
      zone: 'bad zone',
      server: 'bad host!',
      port: 0,
      keyName: 'bad key',
      algorithm: 'hmac-sha256',
    },
  }),
  ...validateCallInput('dns.setSettings', { hostId: 'local', settings: { kind: 'cloudflare', ipv4: null, ipv6: null, zone: 'example.com' } }),
  { path: 'settings.secret', message: 'must be a base64 TSIG secret of at least 16 bytes' },
];

describe('issueText', () => {
  it('has a Russian sentence for every message the contract can produce', () => {
    expect(issues.length).toBeGreaterThan(15);
    const untranslated = issues.filter((issue) => issueText(t, issue) === issue.message);
    expect(untranslated).toEqual([]);
  });

  it('names the offending env key', () => {
    const envIssue = issues.find((issue) => issue.path === 'stages.0.env.1X');
    expect(envIssue && issueText(t, envIssue)).toBe('«1X» — недопустимое имя переменной окружения.');
  });

  it('reads a limit written with thousands separators', () => {
    expect(issueText(t, { path: 'envFile', message: 'must be at most 200,000 characters' })).toBe(i18n.t('validation.maxLength', { lng: 'ru', max: 200_000 }));
  });

  it('words the engine-only rules too', () => {
    expect(issueText(t, { path: 'proxy.npm.password', message: 'is required for a new address' })).toBe(
      i18n.t('validation.npmPasswordForNewUrl', { lng: 'ru' }),
    );
    expect(issueText(t, { path: 'stage.name', message: 'is already used by another stage of this project' })).toBe(
      i18n.t('validation.stageNameTaken', { lng: 'ru' }),
    );
    expect(issueText(t, { path: 'password', message: 'is required for a new user name' })).toBe(i18n.t('validation.passwordForNewUser', { lng: 'ru' }));
    expect(issueText(t, { path: 'subdomain', message: 'is taken on this host' })).toBe(i18n.t('validation.publicNameTaken', { lng: 'ru' }));
  });

  it("words a site's rules: its source path, 404 page and how many versions it keeps", () => {
    const at = (path: string) => issues.filter((issue) => issue.path === path).map((issue) => issueText(t, issue));
    expect(at('source.path')).toEqual([i18n.t('validation.absoluteSourcePath', { lng: 'ru' })]);
    expect(at('options.notFoundPage')).toEqual([i18n.t('validation.sitePage', { lng: 'ru' }), i18n.t('validation.noDotDot', { lng: 'ru' })]);
    expect(at('keepVersions')).toEqual([i18n.t('validation.range', { lng: 'ru', min: 1, max: 50 }), i18n.t('validation.integer', { lng: 'ru' })]);
  });

  it('shows an unknown engine message as it is', () => {
    expect(issueText(t, { path: 'name', message: 'a brand new rule' })).toBe('a brand new rule');
  });
});
