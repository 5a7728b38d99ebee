import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('./testing/fakeElectron')).fakeElectron);
const startElectronShell = vi.hoisted(() => vi.fn());
vi.mock('./lifecycle', () => ({ startElectronShell }));
vi.mock('../engine/app', () => ({ createApp: vi.fn() }));

describe('main', () => {
  it('starts the shell with the engine, the build paths and the dev server URL', async () => {
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://localhost:5173');
    const { createApp } = await import('../engine/app');

    await import('./main');

    expect(startElectronShell).toHaveBeenCalledExactlyOnceWith({
      createApp,
      paths: expect.objectContaining({ preload: expect.stringMatching(/preload[\\/]index\.js$/) }),
      devServerUrl: 'http://localhost:5173',
    });
    vi.unstubAllEnvs();
  });
});
