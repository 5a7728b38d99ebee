// The draft made from running containers: only what differs from the image, the same volumes
// (external, so no data is left behind), literal `$`, none of compose's or the app's labels, and a
// file that passes the stack's own checks.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { draftCompose } from './composeDraft';
import type { DraftContainer, DraftImage } from './composeDraft';
import { validateCompose } from './validateCompose';

const image: DraftImage = {
  Cmd: ['httpd', '-f', '-p', '80'],
  Env: ['PATH=/bin', 'LANG=C'],
  Labels: { 'org.opencontainers.image.title': 'web' },
};

function container(
  service: string,
  over: Partial<DraftContainer['config']> = {},
  rest: Partial<Omit<DraftContainer, 'config' | 'service'>> = {},
): DraftContainer {
  return {
    service,
    config: {
      Image: 'example/web:1',
      Cmd: ['httpd', '-f', '-p', '80'],
      Env: ['PATH=/bin', 'LANG=C'],
      Labels: {
        'org.opencontainers.image.title': 'web',
        'com.docker.compose.project': 'shop',
        'com.docker.compose.service': service,
        'tinyforge.workload.id': 'forged',
      },
      ...over,
    },
    hostConfig: rest.hostConfig ?? {},
    mounts: rest.mounts ?? [],
  };
}

describe('draftCompose', () => {
  it('writes only what the container sets beyond its image', () => {
    const { text } = draftCompose('shop', [{ container: container('web'), image }]);
    expect(parse(text)).toEqual({ services: { web: { image: 'example/web:1' } } });
    expect(text).toContain('# Drafted by Tinyforge from the running containers of compose project shop.');
  });

  it('keeps command, environment, ports, restart and user labels; drops compose and tinyforge labels', () => {
    const web = container(
      'web',
      { Cmd: ['sh', '-c', 'echo $HOME'], Env: ['PATH=/bin', 'LANG=C', 'MODE=live', 'PASSWORD=pa$word'], Labels: { team: 'shop', 'tinyforge.role': 'x' } },
      {
        hostConfig: {
          PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }], '53/udp': [{ HostIp: '', HostPort: '' }] },
          RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 },
        },
      },
    );
    const draft = parse(draftCompose('shop', [{ container: web, image }]).text) as { services: Record<string, Record<string, unknown>> };
    expect(draft.services.web).toEqual({
      image: 'example/web:1',
      // `$` doubled: compose would otherwise read $HOME and $word as variables of the .env.
      command: ['sh', '-c', 'echo $$HOME'],
      environment: { MODE: 'live', PASSWORD: 'pa$$word' },
      ports: ['53/udp', '127.0.0.1:8080:80'],
      restart: 'on-failure:3',
      labels: { team: 'shop' },
    });
  });

  it('mounts the same named volumes as external, binds as they are, anonymous volumes by their path', () => {
    const db = container(
      'db',
      {},
      {
        mounts: [
          { Type: 'volume', Name: 'shop_data', Source: '/var/lib/docker/volumes/shop_data/_data', Destination: '/data', RW: true },
          { Type: 'bind', Source: '/srv/shop/conf', Destination: '/conf', RW: false },
          { Type: 'volume', Name: 'a'.repeat(64), Destination: '/cache', RW: true },
        ],
      },
    );
    const result = draftCompose('shop', [{ container: db, image }]);
    const draft = parse(result.text) as { services: Record<string, Record<string, unknown>>; volumes: unknown };
    expect(draft.services.db!.volumes).toEqual(['/cache', '/srv/shop/conf:/conf:ro', 'shop_data:/data']);
    expect(draft.volumes).toEqual({ shop_data: { external: true } });
    expect(result.volumes).toEqual(['shop_data']);
  });

  it('drafts one entry per service (the first container of a scaled service) and passes the stack checks', () => {
    const worker = container(
      'worker',
      { Cmd: ['sleep', '3600'], Env: ['PATH=/bin', 'LANG=C', 'JOBS=4'] },
      { hostConfig: { RestartPolicy: { Name: 'unless-stopped' } } },
    );
    const second = container('worker', { Cmd: ['sleep', '1'] });
    const { text } = draftCompose('shop', [
      { container: worker, image },
      { container: second, image },
      { container: container('web'), image: null },
    ]);
    const draft = parse(text) as { services: Record<string, Record<string, unknown>> };
    expect(Object.keys(draft.services)).toEqual(['web', 'worker']);
    expect(draft.services.worker!.command).toEqual(['sleep', '3600']);
    // Without the image's config nothing can be subtracted: the container's own settings are kept.
    expect(draft.services.web!.command).toEqual(['httpd', '-f', '-p', '80']);
    const check = validateCompose(text, { allowHostAccess: false });
    expect(check.problems).toEqual([]);
    expect(check.ok).toBe(true);
  });
});
