// xterm.js writes its measured dimensions and theme colours into <style> elements it creates at run
// time. The app's CSP (`style-src 'self'`, no 'unsafe-inline') rightly refuses those, and the
// terminal then draws black on black with rows of the wrong height. Constructed stylesheets are
// not inline styles (CodeMirror styles itself the same way), so each <style> element xterm adds
// under `root` (or to the document's head) is mirrored into one, and kept in step as xterm
// rewrites it. The CSP stays as strict as it is.
export function mirrorInlineStyles(root: HTMLElement): () => void {
  const sheets = new Map<HTMLStyleElement, CSSStyleSheet>();
  const sync = (style: HTMLStyleElement) => {
    let sheet = sheets.get(style);
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheets.set(style, sheet);
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    }
    sheet.replaceSync(style.textContent ?? '');
  };
  const drop = (style: HTMLStyleElement) => {
    const sheet = sheets.get(style);
    if (!sheet) return;
    sheets.delete(style);
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
  };
  const scan = () => {
    const present = new Set([...root.querySelectorAll('style'), ...document.head.querySelectorAll('style')]);
    for (const style of present) sync(style);
    for (const style of [...sheets.keys()]) if (!present.has(style)) drop(style);
  };
  const observer = new MutationObserver(scan);
  for (const target of [root, document.head]) observer.observe(target, { subtree: true, childList: true, characterData: true });
  scan();
  return () => {
    observer.disconnect();
    for (const style of [...sheets.keys()]) drop(style);
  };
}
