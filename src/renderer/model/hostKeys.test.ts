import { describe, expect, it } from 'vitest';
import { localHost, sshHost } from '../testing/fixtures';
import { hostKeyFile, hostKeyIn, hostKeyPrompt, promptKey, verifyCommand } from './hostKeys';

const OLD = `SHA256:${'A'.repeat(43)}`;
const NEW = `SHA256:${'b'.repeat(42)}+`;
const ed25519 = (fingerprint: string) => ({ type: 'ssh-ed25519', fingerprint });

describe('hostKeyIn', () => {
  it('reads a { type, fingerprint } from details, and nothing else', () => {
    expect(hostKeyIn({ offered: ed25519(NEW) }, 'offered')).toEqual(ed25519(NEW));
    expect(hostKeyIn({ offered: NEW }, 'offered')).toBeNull();
    expect(hostKeyIn({ offered: { type: 'ssh-ed25519' } }, 'offered')).toBeNull();
    expect(hostKeyIn(null, 'offered')).toBeNull();
  });
});

describe('hostKeyPrompt', () => {
  it('offers a first key to a host that has none accepted', () => {
    const host = sshHost({ state: 'down', reason: 'accept the key first', reasonCode: 'SSH_HOST_KEY_UNKNOWN', offeredHostKey: ed25519(NEW) });
    expect(hostKeyPrompt(host)).toEqual({ kind: 'offer', key: ed25519(NEW) });
  });

  it('asks nothing of an up host, a local host, or a host whose key is accepted', () => {
    expect(hostKeyPrompt(sshHost({ hostKey: ed25519(OLD), state: 'up' }))).toBeNull();
    expect(hostKeyPrompt(localHost({ offeredHostKey: ed25519(NEW) }))).toBeNull();
    expect(hostKeyPrompt(sshHost({ hostKey: ed25519(OLD), offeredHostKey: ed25519(NEW), reason: 'x', reasonCode: 'SSH_TIMEOUT' }))).toBeNull();
  });

  it('raises a changed key from the reason code, with both keys from the host', () => {
    const host = sshHost({
      state: 'down',
      reason: 'the key of deploy@10.0.0.5 differs from the one you accepted',
      reasonCode: 'SSH_HOST_KEY_CHANGED',
      hostKey: ed25519(OLD),
      offeredHostKey: ed25519(NEW),
    });
    expect(hostKeyPrompt(host)).toMatchObject({ kind: 'changed', previous: OLD, offered: ed25519(NEW) });
  });

  it('takes the keys from the details when the host does not carry them', () => {
    const host = sshHost({
      state: 'down',
      reason: 'the key changed',
      reasonCode: 'SSH_HOST_KEY_CHANGED',
      reasonDetails: { host: 'deploy@10.0.0.5', expected: ed25519(OLD), offered: ed25519(NEW) },
    });
    expect(hostKeyPrompt(host)).toMatchObject({ kind: 'changed', previous: OLD, offered: ed25519(NEW) });
  });

  it('never reads keys from the message: without details there is nothing to accept', () => {
    const host = sshHost({ state: 'down', reason: `accepted ${OLD}, offered ssh-ed25519 ${NEW}`, reasonCode: 'SSH_HOST_KEY_CHANGED' });
    expect(hostKeyPrompt(host)).toMatchObject({ kind: 'changed', previous: null, offered: null });
  });

  it('treats a reason without a code as no key problem, whatever its text says', () => {
    const host = sshHost({ state: 'down', reason: `SSH_HOST_KEY_CHANGED: accepted ${OLD}, offered ssh-ed25519 ${NEW}`, hostKey: ed25519(OLD) });
    expect(hostKeyPrompt(host)).toBeNull();
  });

  it('keys a dismissal by host and fingerprint, so a different key asks again', () => {
    const first = { kind: 'offer', key: ed25519(OLD) } as const;
    const second = { kind: 'offer', key: ed25519(NEW) } as const;
    expect(promptKey('h', first)).not.toBe(promptKey('h', second));
    expect(promptKey('h', first)).not.toBe(promptKey('g', first));
  });
});

describe('verifyCommand', () => {
  it("names sshd's key file for the key's algorithm", () => {
    expect(verifyCommand('ssh-ed25519')).toBe('ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub');
    expect(hostKeyFile('ecdsa-sha2-nistp256')).toBe('/etc/ssh/ssh_host_ecdsa_key.pub');
    expect(hostKeyFile('rsa-sha2-512')).toBe('/etc/ssh/ssh_host_rsa_key.pub');
    expect(hostKeyFile('ssh-rsa')).toBe('/etc/ssh/ssh_host_rsa_key.pub');
    expect(hostKeyFile('something-new')).toBe('/etc/ssh/ssh_host_*_key.pub');
  });
});
