import { describe, expect, it } from 'vitest';
import { localHost, sshHost } from '../testing/fixtures';
import { validateCallInput } from './formIssues';
import {
  addInputFrom,
  dockerHostLine,
  forgetsHostKey,
  hostDraftOf,
  hostTarget,
  newHostDraft,
  sshSettingsFromDraft,
  sshTarget,
  testInputFrom,
  updateInputFrom,
  withDraftIssues,
} from './hostDraft';

const draft = { ...newHostDraft(), name: ' prod ', address: ' 10.0.0.5 ', username: 'deploy', privateKeyPath: '~/.ssh/id_ed25519' };

describe('host draft', () => {
  it('becomes a valid hosts.add input, the passphrase only when one was typed', () => {
    const input = addInputFrom(draft, 'secret', true);
    expect(input).toEqual({
      name: 'prod',
      ssh: {
        address: '10.0.0.5',
        port: 22,
        username: 'deploy',
        auth: 'key',
        privateKeyPath: '~/.ssh/id_ed25519',
        socketPath: '/var/run/docker.sock',
        exposeSocket: false,
      },
      passphrase: 'secret',
      rememberPassphrase: true,
    });
    expect(validateCallInput('hosts.add', input)).toEqual([]);
    expect(addInputFrom(draft, '', true)).not.toHaveProperty('passphrase');
    expect(addInputFrom(draft, '', true)).not.toHaveProperty('rememberPassphrase');
  });

  it('sends no key file and no passphrase with the agent', () => {
    const agent = { ...draft, auth: 'agent' as const };
    expect(sshSettingsFromDraft(agent).privateKeyPath).toBeNull();
    expect(addInputFrom(agent, 'typed before switching', false)).not.toHaveProperty('passphrase');
  });

  it('passes a port that is not a number on for the schema to name', () => {
    const issues = validateCallInput('hosts.add', addInputFrom({ ...draft, port: 'ssh' }, '', false));
    expect(issues.map((issue) => issue.path)).toEqual(['ssh.port']);
    expect(sshSettingsFromDraft({ ...draft, port: ' ' }).port).toBe(22);
  });

  it("puts the contract's issues on the form's field names", () => {
    const issues = validateCallInput('hosts.add', addInputFrom({ ...draft, address: 'bad host', socketPath: 'docker.sock' }, '', false));
    expect(issues.map((issue) => issue.path).sort()).toEqual(['ssh.address', 'ssh.socketPath']);
  });

  it('round-trips a saved host through the form', () => {
    const host = sshHost();
    expect(updateInputFrom(host.id, hostDraftOf(host))).toEqual({ id: host.id, name: host.name, ssh: host.ssh });
  });

  it('tests a saved host by id, with the key the user chose to trust for the test', () => {
    const input = testInputFrom(draft, { id: 'h1', acceptFingerprint: `SHA256:${'a'.repeat(43)}` });
    expect(input).toMatchObject({ id: 'h1', acceptFingerprint: `SHA256:${'a'.repeat(43)}` });
    expect(input).not.toHaveProperty('passphrase');
    expect(validateCallInput('hosts.test', input)).toEqual([]);
  });

  it('warns that a new address or port forgets the accepted key', () => {
    const host = sshHost({ hostKey: { type: 'ssh-ed25519', fingerprint: `SHA256:${'a'.repeat(43)}` } });
    expect(forgetsHostKey(host, hostDraftOf(host))).toBe(false);
    expect(forgetsHostKey(host, { ...hostDraftOf(host), port: '2222' })).toBe(true);
    expect(forgetsHostKey(host, { ...hostDraftOf(host), username: 'other' })).toBe(false);
    expect(forgetsHostKey(sshHost(), { ...hostDraftOf(sshHost()), address: 'elsewhere' })).toBe(false);
  });

  it('writes the target and the DOCKER_HOST line as a shell user expects', () => {
    expect(sshTarget({ address: '10.0.0.5', port: 22, username: 'deploy' })).toBe('deploy@10.0.0.5');
    expect(sshTarget({ address: 'fd00::5', port: 2222, username: 'deploy' })).toBe('deploy@[fd00::5]:2222');
    expect(dockerHostLine('/run/user/1000/tinyforge/prod.sock')).toBe('export DOCKER_HOST=unix:///run/user/1000/tinyforge/prod.sock');
  });
});

describe('withDraftIssues', () => {
  it('asks for the key file at once, not only after every other field is valid', () => {
    const noKey = { ...draft, privateKeyPath: '', address: 'bad host' };
    const issues = withDraftIssues(noKey, validateCallInput('hosts.add', addInputFrom(noKey, '', false)));
    expect(issues.map((issue) => issue.path).sort()).toEqual(['ssh.address', 'ssh.privateKeyPath']);
  });

  it("does not repeat the schema's own issue, and asks nothing with the agent", () => {
    const noKey = { ...draft, privateKeyPath: '' };
    expect(withDraftIssues(noKey, validateCallInput('hosts.add', addInputFrom(noKey, '', false)))).toHaveLength(1);
    expect(withDraftIssues({ ...noKey, auth: 'agent' }, [])).toEqual([]);
  });

  it('names a host by its SSH target in key prompts, and by its name when it has none', () => {
    const remote = sshHost({ ssh: { ...sshHost().ssh!, address: '10.0.0.5', port: 2222, username: 'deploy' } });
    expect(hostTarget(remote)).toBe('deploy@10.0.0.5:2222');
    expect(hostTarget(localHost({ name: 'this machine' }))).toBe('this machine');
  });
});
