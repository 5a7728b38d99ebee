// The words of notifications in the app's two languages (the user's language setting): one function
// per sentence, so a count, a name or an exit code goes where each language puts it. Desktop
// notifications are the app's own UI; channels get the same words.
import type { Language } from '../../../shared/types';

export interface MessageWords {
  outsideWorkload: string;
  times(count: number): string;
  deployed(target: string): string;
  live(image: string, host: string): string;
  failed(rollback: boolean, target: string, times: string): string;
  failedStep(step: string, host: string, error: string): string;
  rolledBack(target: string): string;
  servesAgain(image: string, host: string): string;
  crashed(container: string, oom: boolean, times: string): string;
  crashBody(workload: string, host: string, exitCode: number | null, count: number): string;
  unhealthy(container: string, times: string): string;
  unhealthyBody(workload: string, host: string): string;
  hostDown(host: string, times: string): string;
  connectionLost: string;
  hostUp(host: string, times: string): string;
  connectionBack: string;
  update(target: string): string;
  updateBody(image: string, digest: string, host: string): string;
  stale(count: number): string;
  staleBody(days: number): string;
  refused(workload: string, times: string): string;
  refusedBody(status: number, reason: string, from: string | null): string;
  testTitle: string;
  testBody(channel: string): string;
}

/** Russian plural forms: 1 контейнер, 2 контейнера, 5 контейнеров. */
function ruPlural(n: number, one: string, few: string, many: string): string {
  const d10 = n % 10;
  const d100 = n % 100;
  if (d10 === 1 && d100 !== 11) return one;
  if (d10 >= 2 && d10 <= 4 && (d100 < 12 || d100 > 14)) return few;
  return many;
}

const en: MessageWords = {
  outsideWorkload: 'a container outside any workload',
  times: (n) => (n > 1 ? ` (${n} times)` : ''),
  deployed: (target) => `Deployed ${target}`,
  live: (image, host) => `${image} is live on host ${host}.`,
  failed: (rollback, target, times) => `${rollback ? 'Rollback' : 'Deploy'} of ${target} failed${times}`,
  failedStep: (step, host, error) => `Step "${step}" failed on host ${host}: ${error}`,
  rolledBack: (target) => `Rolled back ${target}`,
  servesAgain: (image, host) => `${image} serves again on host ${host}.`,
  crashed: (container, oom, times) => `${container} ${oom ? 'was killed for lack of memory' : 'crashed'}${times}`,
  crashBody: (workload, host, code, n) => `${workload} on host ${host}${code === null ? '' : `, exit code ${code}`}${n > 1 ? `; ${n} crashes in a row` : ''}.`,
  unhealthy: (container, times) => `${container} is unhealthy${times}`,
  unhealthyBody: (workload, host) => `Its health check fails (${workload}, host ${host}).`,
  hostDown: (host, times) => `Host ${host} is down${times}`,
  connectionLost: 'Its Docker connection was lost.',
  hostUp: (host, times) => `Host ${host} is back up${times}`,
  connectionBack: 'Its Docker connection is up again.',
  update: (target) => `Update available for ${target}`,
  updateBody: (image, digest, host) => `${image} now points at ${digest} (host ${host}).`,
  stale: (n) => `${n} stale container${n === 1 ? '' : 's'}`,
  staleBody: (days) => `Stopped or gone for more than ${days} day${days === 1 ? '' : 's'}: review them on the Stale page.`,
  refused: (workload, times) => `Webhook for ${workload} refused${times}`,
  refusedBody: (status, reason, from) => `HTTP ${status}: ${reason}${from ? ` (from ${from})` : ''}.`,
  testTitle: 'Tinyforge test notification',
  testBody: (channel) => `If you can read this, the channel "${channel}" works.`,
};

const ru: MessageWords = {
  outsideWorkload: 'контейнер вне рабочих нагрузок',
  times: (n) => (n > 1 ? ` (${n} ${ruPlural(n, 'раз', 'раза', 'раз')})` : ''),
  deployed: (target) => `Развёрнуто: ${target}`,
  live: (image, host) => `${image} работает на хосте ${host}.`,
  failed: (rollback, target, times) => `${rollback ? 'Откат' : 'Деплой'} ${target} не удался${times}`,
  failedStep: (step, host, error) => `Шаг «${step}» не удался на хосте ${host}: ${error}`,
  rolledBack: (target) => `Откат выполнен: ${target}`,
  servesAgain: (image, host) => `${image} снова работает на хосте ${host}.`,
  crashed: (container, oom, times) => `${container} ${oom ? 'убит из-за нехватки памяти' : 'упал'}${times}`,
  crashBody: (workload, host, code, n) =>
    `${workload} на хосте ${host}${code === null ? '' : `, код выхода ${code}`}${n > 1 ? `; ${n} ${ruPlural(n, 'падение', 'падения', 'падений')} подряд` : ''}.`,
  unhealthy: (container, times) => `${container} нездоров${times}`,
  unhealthyBody: (workload, host) => `Проверка здоровья не проходит (${workload}, хост ${host}).`,
  hostDown: (host, times) => `Хост ${host} недоступен${times}`,
  connectionLost: 'Соединение с Docker потеряно.',
  hostUp: (host, times) => `Хост ${host} снова доступен${times}`,
  connectionBack: 'Соединение с Docker восстановлено.',
  update: (target) => `Доступно обновление: ${target}`,
  updateBody: (image, digest, host) => `${image} теперь указывает на ${digest} (хост ${host}).`,
  stale: (n) => `${n} ${ruPlural(n, 'устаревший контейнер', 'устаревших контейнера', 'устаревших контейнеров')}`,
  staleBody: (days) => `Остановлены или пропали больше ${days} ${ruPlural(days, 'дня', 'дней', 'дней')} назад: посмотрите на странице «Устаревшее».`,
  refused: (workload, times) => `Вебхук для ${workload} отклонён${times}`,
  refusedBody: (status, reason, from) => `HTTP ${status}: ${reason}${from ? ` (с адреса ${from})` : ''}.`,
  testTitle: 'Тестовое уведомление Tinyforge',
  testBody: (channel) => `Если вы это читаете, канал «${channel}» работает.`,
};

export const MESSAGE_WORDS: Record<Language, MessageWords> = { en, ru };
