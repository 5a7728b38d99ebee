import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import en from '../../i18n/en.json';
import ru from '../../i18n/ru.json';
import { deployStepLabel, failureSentence } from './deployLabels';

const i18n = i18next.createInstance();
void i18n.init({ resources: { en: { translation: en }, ru: { translation: ru } }, lng: 'en', initAsync: false, interpolation: { escapeValue: false } });
const t = (lng: 'en' | 'ru') => i18n.getFixedT(lng);

describe('failureSentence: a failed deploy worded from its code and details', () => {
  it('says how the new container ended, in both languages', () => {
    const exited = { code: 'DEPLOY_CONTAINER_EXITED', details: { exitCode: 3, oomKilled: false, logTail: ['boom'] } };
    expect(failureSentence(t('en'), exited, 'acme/api:v2')).toBe('The new container exited with code 3 before its health check passed.');
    expect(failureSentence(t('ru'), exited, 'acme/api:v2')).toBe('Новый контейнер завершился с кодом 3, не пройдя проверку здоровья.');
    const oom = { code: 'DEPLOY_CONTAINER_EXITED', details: { exitCode: 137, oomKilled: true, logTail: [] } };
    expect(failureSentence(t('en'), oom, 'acme/api:v2')).toMatch(/killed for running out of memory \(exit code 137\)/);
    expect(failureSentence(t('ru'), oom, 'acme/api:v2')).toMatch(/нехватки памяти \(код выхода 137\)/);
  });

  it("names the proxy's image and where to change it when the proxy step could not pull it", () => {
    const proxy = { code: 'REGISTRY_UNREACHABLE', details: { proxyImage: 'caddy:2' } };
    expect(failureSentence(t('en'), proxy, 'acme/api:v2')).toMatch(
      /^The proxy's image caddy:2 could not be had: its registry could not be reached .*proxy settings \(Hosts, Edit\)\. Nothing was created/,
    );
    expect(failureSentence(t('ru'), proxy, 'acme/api:v2')).toMatch(/^Не удалось получить образ прокси caddy:2: реестр недоступен.*\(Хосты, Изменить\)/);
  });

  it("names the deploy's own image for a pull failure of the image step", () => {
    expect(failureSentence(t('en'), { code: 'IMAGE_NOT_FOUND' }, 'acme/api:v3')).toBe('The image acme/api:v3 could not be had: the registry does not have it.');
  });

  it('leaves a code it does not know to the engine text', () => {
    expect(failureSentence(t('en'), { code: 'PROXY_REFUSED' }, 'acme/api:v2')).toBeNull();
  });

  it('names the proxy step', () => {
    expect(deployStepLabel(t('ru'), 'proxy')).toBe('Прокси');
  });
});
