// A stage's environment edited as KEY=VALUE lines, like a .env file. Blank lines and # comments are
// skipped and `export KEY=value` is accepted; the value is kept verbatim (quotes included), as
// `docker run --env-file` does. Problems are reported per line rather than guessed around.

export type EnvLineProblem =
  { line: number; kind: 'missingEquals' } | { line: number; kind: 'invalidKey'; key: string } | { line: number; kind: 'duplicateKey'; key: string };

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function parseEnvLines(text: string): { env: Record<string, string>; problems: EnvLineProblem[] } {
  const env: Record<string, string> = {};
  const problems: EnvLineProblem[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const content = raw.replace(/\r$/, '');
    const trimmed = content.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const body = content.trimStart().replace(/^export\s+/, '');
    const eq = body.indexOf('=');
    if (eq === -1) {
      problems.push({ line, kind: 'missingEquals' });
      return;
    }
    const key = body.slice(0, eq).trim();
    if (!KEY.test(key)) {
      problems.push({ line, kind: 'invalidKey', key });
      return;
    }
    if (Object.hasOwn(env, key)) {
      problems.push({ line, kind: 'duplicateKey', key });
      return;
    }
    env[key] = body.slice(eq + 1);
  });
  return { env, problems };
}

export function formatEnvLines(env: Record<string, string>): string {
  return Object.entries(env)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n');
}
