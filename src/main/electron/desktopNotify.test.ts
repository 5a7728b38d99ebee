import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('./testing/fakeElectron')).fakeElectron);

import { desktopNotifier } from './desktopNotify';
import { FakeNotification, resetFakeElectron } from './testing/fakeElectron';

describe('desktop notifications', () => {
  beforeEach(() => resetFakeElectron());

  it('shows an Electron notification with the title and body, loud only for errors', () => {
    const sink = desktopNotifier(() => undefined);
    sink({ title: 'web crashed (3 times)', body: 'shop on host local, exit code 1.', severity: 'error' });
    sink({ title: 'Deployed shop / production', body: 'shop:2 is live.', severity: 'success' });
    expect(FakeNotification.shown.map((n) => n.options)).toEqual([
      { title: 'web crashed (3 times)', body: 'shop on host local, exit code 1.', silent: false, urgency: 'critical' },
      { title: 'Deployed shop / production', body: 'shop:2 is live.', silent: true, urgency: 'normal' },
    ]);
  });

  it('logs instead where the system has no notification service', () => {
    FakeNotification.supported = false;
    const lines: string[] = [];
    desktopNotifier((line) => lines.push(line))({ title: 'Host ssh-1 is down', body: 'connection lost', severity: 'error' });
    expect(FakeNotification.shown).toHaveLength(0);
    expect(lines).toEqual(['desktop notification (this system shows none): Host ssh-1 is down: connection lost']);
  });
});
