// A page's code is fetched when the page is first opened (router.tsx). After an app update the old
// chunk names are gone, and in the browser shell the server may be unreachable: the import then
// fails, and the page says so and offers a reload instead of reporting a crash.

const CHUNK_LOAD_FAILURE = [
  /Failed to fetch dynamically imported module/i, // Chromium, so Electron too
  /error loading dynamically imported module/i, // Firefox
  /Importing a module script failed/i, // Safari
  /Unable to preload CSS/i, // Vite's preload of the chunk's stylesheet
];

/** True when `error` is a lazy route's code failing to load, not the page failing to render. */
export function isChunkLoadError(error: unknown): boolean {
  return error instanceof Error && CHUNK_LOAD_FAILURE.some((pattern) => pattern.test(error.message));
}
