// Where a CodeMirror view is mounted: inside a shadow root of its host element. CodeMirror styles
// itself at run time (style-mod); on a document that means an inline <style> element, which the
// app's Content-Security-Policy (`style-src 'self'`) rightly blocks, leaving the editor unstyled.
// In a shadow root style-mod adopts a constructed stylesheet instead, which the policy allows, so
// the policy stays strict. The page's CSS variables still reach inside (they inherit).
export function shadowMount(host: HTMLElement): { root: ShadowRoot; parent: HTMLElement } {
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  // A remount (React's development double effect) starts from an empty root.
  root.replaceChildren();
  const parent = document.createElement('div');
  root.append(parent);
  return { root, parent };
}
