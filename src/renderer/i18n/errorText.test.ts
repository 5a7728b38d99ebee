import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { CallError, ERROR_CODES } from '../../shared/errors';
import { sshHost } from '../testing/fixtures';
import en from './en.json';
import { codedErrorText, errorCodeLabel, errorText, hostReasonText, problemText } from './errorText';
import ru from './ru.json';

const i18n = i18next.createInstance();
void i18n.init({ resources: { en: { translation: en }, ru: { translation: ru } }, lng: 'en', initAsync: false, interpolation: { escapeValue: false } });
const en_t = i18n.getFixedT('en');
const ru_t = i18n.getFixedT('ru');

type Dictionary = { errors?: { code?: Record<string, unknown> } };

/** The codes a dictionary has no text for (missing or empty `errors.code.<CODE>`). */
function untranslated(codes: readonly string[], dictionary: Dictionary): string[] {
  const texts = dictionary.errors?.code ?? {};
  return codes.filter((code) => typeof texts[code] !== 'string' || texts[code].trim() === '');
}

describe('error titles', () => {
  it('has English and Russian text for every error code', () => {
    expect(untranslated(ERROR_CODES, en)).toEqual([]);
    expect(untranslated(ERROR_CODES, ru)).toEqual([]);
  });

  it('would notice a code without text', () => {
    const { VALIDATION: _dropped, ...rest } = en.errors.code;
    expect(untranslated(ERROR_CODES, { errors: { code: rest } })).toEqual(['VALIDATION']);
    expect(untranslated(['VALIDATION'], { errors: { code: { VALIDATION: ' ' } } })).toEqual(['VALIDATION']);
  });

  it('names every error code in both languages through errorCodeLabel', () => {
    for (const code of ERROR_CODES) {
      expect(errorCodeLabel(en_t, code), code).toBe(en.errors.code[code]);
      expect(errorCodeLabel(ru_t, code), code).toBe(ru.errors.code[code]);
      expect(errorCodeLabel(ru_t, code), code).not.toBe(errorCodeLabel(en_t, code));
    }
  });

  it('has the same detail sentences in both languages', () => {
    expect(Object.keys(ru.errors.detail).sort()).toEqual(Object.keys(en.errors.detail).sort());
  });
});

const OLD = { type: 'ssh-ed25519', fingerprint: `SHA256:${'A'.repeat(43)}` };
const NEW = { type: 'ssh-ed25519', fingerprint: `SHA256:${'b'.repeat(43)}` };

describe('problemText', () => {
  it("puts the translated title of the code before the engine's message", () => {
    expect(problemText(ru_t, { code: 'SSH_AUTH_FAILED', message: 'deploy@10.0.0.5 refused the login' })).toBe(
      'SSH-вход отклонён: deploy@10.0.0.5 refused the login',
    );
    expect(problemText(en_t, { code: 'IMAGE_PULL_DENIED', message: 'the registry ghcr.io wants a login' })).toBe(
      'Registry login needed: the registry ghcr.io wants a login',
    );
  });

  it('words a changed host key from its details alone, in both languages', () => {
    const problem = { code: 'SSH_HOST_KEY_CHANGED' as const, message: 'ignored', details: { host: 'deploy@10.0.0.5', expected: OLD, offered: NEW } };
    const en_text = problemText(en_t, problem);
    const ru_text = problemText(ru_t, problem);
    for (const text of [en_text, ru_text]) {
      expect(text).toContain(OLD.fingerprint);
      expect(text).toContain(NEW.fingerprint);
      expect(text).toContain('deploy@10.0.0.5');
      expect(text).not.toContain('ignored');
    }
    expect(ru_text).toMatch(/^Ключ хоста изменился: ключ хоста deploy@10\.0\.0\.5/);
  });

  it('lists the containers and workloads that block a delete, ten at most', () => {
    const containers = Array.from({ length: 12 }, (_, i) => ({ name: `web-${i + 1}`, state: 'running' }));
    const text = problemText(en_t, { code: 'WORKLOAD_HAS_CONTAINERS', message: 'ignored', details: { containers } });
    expect(text).toContain('web-1, web-2');
    expect(text).toContain('web-10 and 2 more');
    expect(text).not.toContain('web-11');
    const host = problemText(ru_t, {
      code: 'HOST_HAS_WORKLOADS',
      message: 'ignored',
      details: {
        workloads: [
          { name: 'shop', kind: 'project' },
          { name: 'blog', kind: 'site' },
        ],
      },
    });
    expect(host).toBe('На хосте ещё есть рабочие нагрузки: на этом хосте ещё есть рабочие нагрузки: shop, blog. Сначала удалите их; хост не удалён.');
  });

  it('falls back to the message when the details miss what the sentence needs', () => {
    expect(problemText(en_t, { code: 'SSH_HOST_KEY_CHANGED', message: 'the key changed', details: { host: 'x' } })).toBe('Host key changed: the key changed');
  });
});

describe('hostReasonText', () => {
  it("words a host's reason from its code, and shows a reason without one as written", () => {
    expect(hostReasonText(ru_t, sshHost({ reason: 'no answer in 10 s', reasonCode: 'SSH_TIMEOUT' }))).toBe('Истекло время SSH-подключения: no answer in 10 s');
    expect(hostReasonText(ru_t, sshHost({ reason: 'not connected', reasonCode: null }))).toBe('not connected');
  });

  it('does not read a code out of the message', () => {
    expect(hostReasonText(en_t, sshHost({ reason: 'SSH_TIMEOUT: no answer', reasonCode: null }))).toBe('SSH_TIMEOUT: no answer');
  });
});

describe('codedErrorText', () => {
  it("translates a test result's error, and shows an unknown code's message alone", () => {
    expect(codedErrorText(en_t, { code: 'SSH_TIMEOUT', message: 'no answer in 10 s' })).toBe('SSH connection timed out: no answer in 10 s');
    expect(codedErrorText(en_t, { code: 'FUTURE_CODE', message: 'something new' })).toBe('something new');
  });

  it('agrees with errorText for a refused call', () => {
    const error = new CallError({
      code: 'HOST_HAS_WORKLOADS',
      message: '2 workload(s) live on this host.',
      details: { workloads: [{ name: 'shop' }, { name: 'blog' }] },
    });
    expect(errorText(en_t, error)).toBe('The host still has workloads: these workloads live on this host: shop, blog. Delete them first; nothing was removed.');
  });
});
