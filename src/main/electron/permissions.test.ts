import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('./testing/fakeElectron')).fakeElectron);

import type { Session } from 'electron';
import { fakeElectron, resetFakeElectron } from './testing/fakeElectron';
import { denyAllPermissions } from './permissions';

beforeEach(() => resetFakeElectron());

const PERMISSIONS = ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal', 'hid', 'fullscreen', 'unknown'];

describe('denyAllPermissions', () => {
  it.each(PERMISSIONS)('refuses a request for %s', (permission) => {
    const session = fakeElectron.session.defaultSession;
    denyAllPermissions(session as unknown as Session);
    const callback = vi.fn();

    (session.permissionRequestHandler as unknown as (...args: unknown[]) => void)({}, permission, callback, {});

    expect(callback).toHaveBeenCalledExactlyOnceWith(false);
  });

  it.each(PERMISSIONS)('answers a check for %s with false, even from the app origin', (permission) => {
    const session = fakeElectron.session.defaultSession;
    denyAllPermissions(session as unknown as Session);

    const check = session.permissionCheckHandler as unknown as (...args: unknown[]) => boolean;

    expect(check(null, permission, 'app://tinyforge', {})).toBe(false);
  });

  it('refuses device access', () => {
    const session = fakeElectron.session.defaultSession;
    denyAllPermissions(session as unknown as Session);

    const device = session.devicePermissionHandler as unknown as (...args: unknown[]) => boolean;

    expect(device({ deviceType: 'usb', origin: 'app://tinyforge' })).toBe(false);
  });
});
