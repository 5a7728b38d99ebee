import { describe, expect, it } from 'vitest';
import { isChunkLoadError } from './chunkLoad';

describe('isChunkLoadError', () => {
  it("recognises a chunk that could not be fetched, in each engine's words", () => {
    expect(isChunkLoadError(new TypeError('Failed to fetch dynamically imported module: app://tinyforge/assets/HostsPage-Q_yaa8ia.js'))).toBe(true);
    expect(isChunkLoadError(new TypeError('error loading dynamically imported module: http://127.0.0.1:4000/assets/HostsPage.js'))).toBe(true);
    expect(isChunkLoadError(new TypeError('Importing a module script failed.'))).toBe(true);
    expect(isChunkLoadError(new Error('Unable to preload CSS for /assets/WorkloadsPage.css'))).toBe(true);
  });

  it('leaves a page that crashed while rendering alone', () => {
    expect(isChunkLoadError(new TypeError("Cannot read properties of undefined (reading 'map')"))).toBe(false);
    expect(isChunkLoadError('Failed to fetch dynamically imported module')).toBe(false);
    expect(isChunkLoadError(null)).toBe(false);
  });
});
