import { describe, expect, it } from 'vitest';
import { localHost, sshHost } from '../testing/fixtures';
import { fingerprintsIn, hostKeyFile, hostKeyPrompt, promptKey, reasonCode, splitReason, verifyCommand } from './hostKeys';

const OLD = `SHA256:${'A'.repeat(43)}`;
const NEW = `SHA256:${'b'.repeat(42)}+`;
const ed25519 = (fingerprint: string) => ({ type: 'ssh-ed25519', fingerprint });

describe('splitReason', () => {
  it('splits a known leading code from the message', () => {
    expect(splitReason('SSH_TIMEOUT: deploy@10.0.0.5:22 did not answer within 10 s')).toEqual({
      code: 'SSH_TIMEOUT',
      message: 'deploy@10.0.0.5:22 did not answer within 10 s',
    });
  });

  it('leaves a reason without a known code whole', () => {
    expect(splitReason('connect ENOENT /var/run/docker.sock')).toEqual({ code: null, message: 'connect ENOENT /var/run/docker.sock' });
    expect(splitReason('NOT_A_CODE: x')).toEqual({ code: null, message: 'NOT_A_CODE: x' });
    expect(reasonCode(null)).toBeNull();
  });
});

describe('fingerprintsIn', () => {
  it('finds each OpenSSH SHA256 fingerprint once, in order', () => {
    expect(fingerprintsIn(`accepted ${OLD} on 2026-01-02, offered now ${NEW} (was ${OLD})`)).toEqual([OLD, NEW]);
    expect(fingerprintsIn('SHA256:tooShort')).toEqual([]);
  });
});

describe('hostKeyPrompt', () => {
  it('offers a first key to a host that has none accepted', () => {
    const host = sshHost({ state: 'down', reason: 'SSH_HOST_KEY_UNKNOWN: accept the key first', offeredHostKey: ed25519(NEW) });
    expect(hostKeyPrompt(host)).toEqual({ kind: 'offer', key: ed25519(NEW) });
  });

  it('asks nothing of an up host, a local host, or a host whose key is accepted', () => {
    expect(hostKeyPrompt(sshHost({ hostKey: ed25519(OLD), state: 'up' }))).toBeNull();
    expect(hostKeyPrompt(localHost({ offeredHostKey: ed25519(NEW) }))).toBeNull();
    expect(hostKeyPrompt(sshHost({ hostKey: ed25519(OLD), offeredHostKey: ed25519(NEW), reason: 'SSH_TIMEOUT: x' }))).toBeNull();
  });

  it('raises a changed key from the reason code, with both keys from the host', () => {
    const host = sshHost({
      state: 'down',
      reason: `SSH_HOST_KEY_CHANGED: the key of deploy@10.0.0.5 differs from the one you accepted (${OLD}); it now offers ${NEW}`,
      hostKey: ed25519(OLD),
      offeredHostKey: ed25519(NEW),
    });
    expect(hostKeyPrompt(host)).toMatchObject({ kind: 'changed', previous: OLD, offered: ed25519(NEW) });
  });

  it('reads the new key from the message when the host does not carry it', () => {
    const host = sshHost({
      state: 'down',
      reason: `SSH_HOST_KEY_CHANGED: accepted ${OLD}, offered ssh-ed25519 ${NEW}`,
      hostKey: ed25519(OLD),
    });
    expect(hostKeyPrompt(host)).toMatchObject({ kind: 'changed', previous: OLD, offered: { type: 'ssh-ed25519', fingerprint: NEW } });
  });

  it('offers nothing to accept when the message alone cannot say which key is new', () => {
    const host = sshHost({ state: 'down', reason: `SSH_HOST_KEY_CHANGED: keys ${OLD} and ${NEW} differ` });
    expect(hostKeyPrompt(host)).toMatchObject({ kind: 'changed', offered: null });
  });

  it('keys a dismissal by host and fingerprint, so a different key asks again', () => {
    const first = { kind: 'offer', key: ed25519(OLD) } as const;
    const second = { kind: 'offer', key: ed25519(NEW) } as const;
    expect(promptKey('h', first)).not.toBe(promptKey('h', second));
    expect(promptKey('h', first)).not.toBe(promptKey('g', first));
  });
});

describe('verifyCommand', () => {
  it('names sshd\'s key file for the key\'s algorithm', () => {
    expect(verifyCommand('ssh-ed25519')).toBe('ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub');
    expect(hostKeyFile('ecdsa-sha2-nistp256')).toBe('/etc/ssh/ssh_host_ecdsa_key.pub');
    expect(hostKeyFile('rsa-sha2-512')).toBe('/etc/ssh/ssh_host_rsa_key.pub');
    expect(hostKeyFile('ssh-rsa')).toBe('/etc/ssh/ssh_host_rsa_key.pub');
    expect(hostKeyFile('something-new')).toBe('/etc/ssh/ssh_host_*_key.pub');
  });
});
