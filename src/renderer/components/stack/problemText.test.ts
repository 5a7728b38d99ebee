import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import type { ComposeProblem, ComposeProblemCode } from '../../../shared/contract/stacks';
import en from '../../i18n/en.json';
import ru from '../../i18n/ru.json';
import { composeProblemText } from './problemText';

const i18n = i18next.createInstance();
void i18n.init({ resources: { en: { translation: en }, ru: { translation: ru } }, lng: 'en', initAsync: false, interpolation: { escapeValue: false } });
const tOf = (language: 'en' | 'ru') => i18n.getFixedT(language);

// Every code the contract lists, with params as the engine sends them: a code added to the
// contract without a sentence here fails to compile.
const PARAMS: Record<ComposeProblemCode, { kind: ComposeProblem['kind']; params: ComposeProblem['params'] }> = {
  yaml: { kind: 'syntax', params: { yamlCode: 'BAD_INDENT', detail: 'bad indentation of a mapping entry' } },
  'duplicate-key': { kind: 'syntax', params: { key: 'image' } },
  'empty-file': { kind: 'syntax', params: {} },
  'not-a-mapping': { kind: 'syntax', params: {} },
  'unknown-alias': { kind: 'syntax', params: { alias: 'base' } },
  'too-many-aliases': { kind: 'syntax', params: {} },
  'complex-key': { kind: 'syntax', params: {} },
  'unknown-key': { kind: 'schema', params: { key: 'imgae', suggestion: 'image' } },
  'invalid-name': { kind: 'schema', params: { key: 'we b' } },
  'wrong-type': { kind: 'schema', params: { expected: 'string,number' } },
  'missing-key': { kind: 'schema', params: { key: 'image' } },
  'not-allowed-value': { kind: 'schema', params: { allowed: 'tcp,udp' } },
  'duplicate-item': { kind: 'schema', params: { first: '0' } },
  'out-of-range': { kind: 'schema', params: { limit: 65535, bound: 'at most' } },
  'bad-format': { kind: 'schema', params: { pattern: '^[a-z]+$' } },
  'restart-policy': { kind: 'schema', params: { value: 'sometimes' } },
  'no-services': { kind: 'schema', params: {} },
  'bad-interpolation': { kind: 'schema', params: {} },
  'schema-other': { kind: 'schema', params: { keyword: 'if' } },
  'app-label': { kind: 'refused', params: { label: 'tinyforge.role' } },
  privileged: { kind: 'host-access', params: {} },
  'namespace-host': { kind: 'host-access', params: { option: 'pid' } },
  capability: { kind: 'host-access', params: { capability: 'SYS_ADMIN' } },
  device: { kind: 'host-access', params: { device: '/dev/sda' } },
  'security-opt': { kind: 'host-access', params: { option: 'seccomp:unconfined' } },
  'bind-root': { kind: 'host-access', params: { source: '/' } },
  'bind-socket': { kind: 'host-access', params: { source: '/var/run/docker.sock' } },
  'bind-outside-folder': { kind: 'host-access', params: { source: '../secrets' } },
  'bind-unknown': { kind: 'host-access', params: {} },
  'api-socket': { kind: 'host-access', params: {} },
  'outside-file': { kind: 'host-access', params: { file: '/etc/passwd' } },
};

const problemOf = (code: ComposeProblemCode, overrides: Partial<ComposeProblem> = {}): ComposeProblem => ({
  ...PARAMS[code],
  code,
  line: 3,
  column: 5,
  endLine: 3,
  endColumn: 9,
  path: 'services.web.x',
  message: 'ENGLISH MESSAGE',
  ...overrides,
});

describe('composeProblemText', () => {
  it.each(['en', 'ru'] as const)('words every code but the catch-all in %s without the engine message or a missing key', (language) => {
    const t = tOf(language);
    for (const code of Object.keys(PARAMS) as ComposeProblemCode[]) {
      const text = composeProblemText(t, problemOf(code));
      if (code === 'schema-other') {
        expect(text, code).toBe('ENGLISH MESSAGE');
        continue;
      }
      expect(text, code).not.toContain('ENGLISH MESSAGE');
      expect(text, code).not.toMatch(/stack\.problem|{{/);
    }
  });

  it('puts the params in the sentence', () => {
    const t = tOf('en');
    expect(composeProblemText(t, problemOf('unknown-key'))).toBe('services.web.x is not a known option (did you mean "image"?)');
    expect(composeProblemText(t, problemOf('not-allowed-value'))).toBe('services.web.x must be one of: tcp, udp');
    expect(composeProblemText(tOf('ru'), problemOf('capability'))).toContain('SYS_ADMIN');
  });

  it('says a host-access option is allowed only with the box ticked, and a refused label is refused regardless', () => {
    const t = tOf('en');
    expect(composeProblemText(t, problemOf('privileged'))).toMatch(/allowed only with "Allow host access" ticked$/);
    expect(composeProblemText(t, problemOf('app-label'))).not.toMatch(/Allow host access/);
  });

  it('names the variables an option depends on when .env does not set them', () => {
    const text = composeProblemText(tOf('en'), problemOf('namespace-host', { params: { variables: 'PID_MODE,OTHER' } }));
    expect(text).toContain('depends on PID_MODE, OTHER');
  });

  it('shows the message of a code it does not know yet', () => {
    const unknown = { ...problemOf('yaml'), code: 'from-the-future' as ComposeProblemCode };
    expect(composeProblemText(tOf('ru'), unknown)).toBe('ENGLISH MESSAGE');
  });
});
