import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { CallError, ERROR_CODES } from '../../shared/errors';
import en from './en.json';
import { codedErrorText, errorCodeLabel, errorText, reasonText } from './errorText';
import ru from './ru.json';

const i18n = i18next.createInstance();
void i18n.init({ resources: { en: { translation: en }, ru: { translation: ru } }, lng: 'en', initAsync: false, interpolation: { escapeValue: false } });
const en_t = i18n.getFixedT('en');
const ru_t = i18n.getFixedT('ru');

describe('error titles', () => {
  it('name every error code in both languages', () => {
    for (const code of ERROR_CODES) {
      expect(errorCodeLabel(en_t, code), code).not.toBe(`errors.code.${code}`);
      expect(errorCodeLabel(ru_t, code), code).not.toBe(errorCodeLabel(en_t, code));
    }
  });
});

describe('reasonText', () => {
  it('puts the translated title of the leading code before the engine\'s message', () => {
    const reason = 'SSH_AUTH_FAILED: deploy@10.0.0.5 refused the key ~/.ssh/id_ed25519';
    expect(reasonText(ru_t, reason)).toBe('SSH-вход отклонён: deploy@10.0.0.5 refused the key ~/.ssh/id_ed25519');
  });

  it("labels a deploy's registry errors in both languages, the registry host kept from the message", () => {
    const denied = 'IMAGE_PULL_DENIED: the registry ghcr.io wants a login to send ghcr.io/acme/api:1';
    expect(reasonText(en_t, denied)).toBe('Registry login needed: the registry ghcr.io wants a login to send ghcr.io/acme/api:1');
    expect(reasonText(ru_t, denied)).toBe('Реестр требует входа: the registry ghcr.io wants a login to send ghcr.io/acme/api:1');
    expect(reasonText(ru_t, 'REGISTRY_AUTH_FAILED: the registry ghcr.io refused the saved login')).toBe('Реестр отклонил вход: the registry ghcr.io refused the saved login');
  });

  it('shows a reason without a known code as written', () => {
    expect(reasonText(ru_t, 'connect ENOENT /nonexistent/docker.sock')).toBe('connect ENOENT /nonexistent/docker.sock');
  });
});

describe('codedErrorText', () => {
  it('translates a test result\'s error, with or without the code repeated in its message', () => {
    expect(codedErrorText(en_t, { code: 'SSH_TIMEOUT', message: 'SSH_TIMEOUT: no answer in 10 s' })).toBe('SSH connection timed out: no answer in 10 s');
    expect(codedErrorText(en_t, { code: 'SSH_TIMEOUT', message: 'no answer in 10 s' })).toBe('SSH connection timed out: no answer in 10 s');
    expect(codedErrorText(en_t, { code: 'FUTURE_CODE', message: 'something new' })).toBe('something new');
  });

  it('agrees with errorText for a refused call', () => {
    const error = new CallError({ code: 'HOST_HAS_WORKLOADS', message: 'HOST_HAS_WORKLOADS: shop, blog live on prod' });
    expect(errorText(en_t, error)).toBe('The host still has workloads: shop, blog live on prod');
  });
});
