// A stack's `.env` as compose reads it for interpolation: KEY=VALUE lines, `#` comments and blank
// lines skipped, an optional `export ` in front, values in single quotes taken as written, in double
// quotes with \n and \" unescaped, unquoted ones cut at ` #` and trimmed. Lines that are not
// assignments are ignored here; `compose config` on the host reports them.
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    const [, key, rest] = match as unknown as [string, string, string];
    env[key] = unquote(rest);
  }
  return env;
}

function unquote(value: string): string {
  if (value.startsWith("'")) {
    const end = value.indexOf("'", 1);
    return end === -1 ? value.slice(1) : value.slice(1, end);
  }
  if (value.startsWith('"')) {
    let out = '';
    for (let i = 1; i < value.length; i += 1) {
      const c = value[i]!;
      if (c === '"') break;
      if (c === '\\' && i + 1 < value.length) {
        const next = value[(i += 1)]!;
        out += next === 'n' ? '\n' : next === 't' ? '\t' : next;
      } else out += c;
    }
    return out;
  }
  return value.replace(/\s+#.*$/, '').trim();
}
