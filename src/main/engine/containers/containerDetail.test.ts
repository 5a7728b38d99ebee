import type Dockerode from 'dockerode';
import { describe, expect, it } from 'vitest';
import { containerView } from '../testing/fixtures';
import { envEntries, envValue, exitReason, imageDigest, toContainerDetail } from './containerDetail';

const finished = { StartedAt: '2026-12-01T10:00:00Z', FinishedAt: '2026-12-01T11:00:00Z', Running: false };

describe('exitReason', () => {
  it('names an OOM kill before the SIGKILL it also reads as', () => {
    expect(exitReason({ ...finished, OOMKilled: true, ExitCode: 137 })).toEqual({ kind: 'oom' });
  });
  it('reads 128 + n as signal n', () => {
    expect(exitReason({ ...finished, ExitCode: 143 })).toEqual({ kind: 'signal', signal: 15, name: 'SIGTERM' });
    expect(exitReason({ ...finished, ExitCode: 137 })).toEqual({ kind: 'signal', signal: 9, name: 'SIGKILL' });
  });
  it('keeps the process own code, and says nothing while running or never started', () => {
    expect(exitReason({ ...finished, ExitCode: 3 })).toEqual({ kind: 'code', code: 3 });
    expect(exitReason({ ...finished, Running: true, ExitCode: 0 })).toBeNull();
    expect(exitReason({ StartedAt: '0001-01-01T00:00:00Z', FinishedAt: '0001-01-01T00:00:00Z', ExitCode: 0 })).toBeNull();
  });
});

describe('the environment', () => {
  it('leaves out the values of secret-looking keys, keeps the rest in order', () => {
    expect(envEntries(['PATH=/bin', 'DB_PASSWORD=hunter2', 'EMPTY='])).toEqual([
      { key: 'PATH', value: '/bin', secret: false },
      { key: 'DB_PASSWORD', value: null, secret: true },
      { key: 'EMPTY', value: '', secret: false },
    ]);
    expect(JSON.stringify(envEntries(['API_TOKEN=abc123']))).not.toContain('abc123');
  });
  it('finds one value by its exact key', () => {
    expect(envValue(['A=1', 'AB=2'], 'AB')).toBe('2');
    expect(envValue(['A=1'], 'B')).toBeUndefined();
  });
});

describe('toContainerDetail', () => {
  it('maps one inspect: dates, ports published or not, mounts, networks, health runs', () => {
    const info = {
      Id: 'f'.repeat(64),
      Name: '/api-1',
      Created: '2026-12-01T09:59:00Z',
      Image: 'sha256:abc',
      RestartCount: 2,
      State: {
        Status: 'running',
        Running: true,
        OOMKilled: false,
        ExitCode: 0,
        Error: '',
        StartedAt: '2026-12-01T10:00:00Z',
        FinishedAt: '0001-01-01T00:00:00Z',
        Health: { Status: 'healthy', FailingStreak: 0, Log: [{ Start: '2026-12-01T10:00:05Z', End: '2026-12-01T10:00:06Z', ExitCode: 0, Output: 'ok' }] },
      },
      Config: { Image: 'acme/api@sha256:def', Env: ['SECRET_KEY=x', 'PORT=80'], Labels: { a: 'b' }, Cmd: ['serve'], Entrypoint: null },
      NetworkSettings: {
        Ports: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }], '9000/udp': null },
        Networks: { web: { IPAddress: '172.18.0.2', Aliases: ['api', 'ffffffffffff'] } },
      },
      Mounts: [{ Type: 'volume', Name: 'data', Source: '/var/lib/docker/volumes/data/_data', Destination: '/data', RW: false }],
    } as unknown as Dockerode.ContainerInspectInfo;
    const detail = toContainerDetail({ ...containerView('running'), id: 'row-1' }, info);
    expect(detail).toMatchObject({
      id: 'row-1',
      name: 'api-1',
      digest: 'acme/api@sha256:def',
      createdAt: Date.parse('2026-12-01T09:59:00Z'),
      finishedAt: null,
      exitCode: null,
      restartCount: 2,
      command: ['serve'],
      ports: [
        { containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 8080 },
        { containerPort: 9000, protocol: 'udp', hostIp: null, hostPort: null },
      ],
      mounts: [{ type: 'volume', source: 'data', destination: '/data', readOnly: true }],
      networks: [{ name: 'web', ipAddress: '172.18.0.2', aliases: ['api'] }],
      health: { status: 'healthy', log: [{ exitCode: 0, output: 'ok' }] },
      env: [
        { key: 'SECRET_KEY', value: null, secret: true },
        { key: 'PORT', value: '80', secret: false },
      ],
    });
  });
});

describe('imageDigest', () => {
  it('takes the reference when it names a digest, else the repo digest of the same repository', () => {
    const digest = 'sha256:' + 'a'.repeat(64);
    expect(imageDigest(`acme/api@${digest}`, [])).toBe(`acme/api@${digest}`);
    expect(imageDigest('registry:5000/team/api:1.2', [`other/api@${digest}`, `registry:5000/team/api@${digest}`])).toBe(`registry:5000/team/api@${digest}`);
    expect(imageDigest('registry:5000/team/api', [`registry:5000/team/api@${digest}`])).toBe(`registry:5000/team/api@${digest}`);
    // Another repository's digest is not this image's name for it; an imported image has none.
    expect(imageDigest('acme/api:1', [`acme/api-old@${digest}`])).toBeNull();
    expect(imageDigest('tinyforge-test/busybox:latest', [])).toBeNull();
  });
});
