// The words of the tray, in the app's languages. The renderer's i18next bundle lives in the web
// layer, which the main process may not import, and the tray needs a dozen strings: a small typed
// dictionary here costs less than loading i18next into the main process. Terms follow the renderer's
// (hostState.* in src/renderer/i18n/*.json).
import type { TrayHost, TrayTooltipPart } from '../engine/tray/trayState';
import type { ConnectionState, DeployKind, DeployStatus, Language, RecentDeployView } from '../../shared/types';
import { shortImage } from '../../shared/imageName';

interface TrayDictionary {
  hostState: Record<ConnectionState, string>;
  open: string;
  quit: string;
  recentDeploys: string;
  deployKind: Record<DeployKind, string>;
  deployStatus: Record<DeployStatus, string>;
  /** Each tooltip phrase; `plural` is the Intl plural category of the number it agrees with. */
  hosts: (up: number, total: number, plural: Intl.LDMLPluralRule) => string;
  running: (count: number) => string;
  unhealthy: (count: number) => string;
  restarting: (count: number) => string;
  failed: (count: number) => string;
}

const DICTIONARIES: Record<Language, TrayDictionary> = {
  en: {
    hostState: { connecting: 'connecting', up: 'up', down: 'down' },
    open: 'Open Tinyforge',
    quit: 'Quit',
    recentDeploys: 'Recent deploys',
    deployKind: { deploy: '', rollback: 'rollback to ', promote: 'promote of ' },
    deployStatus: { running: 'deploying', succeeded: 'succeeded', failed: 'failed' },
    hosts: (up, total, plural) => `${up}/${total} ${plural === 'one' ? 'host' : 'hosts'} up`,
    running: (n) => `${n} running`,
    unhealthy: (n) => `${n} unhealthy`,
    restarting: (n) => `${n} restarting`,
    failed: (n) => `${n} failed`,
  },
  // "Label: number" reads naturally after any number in Russian, so no phrase needs plural forms.
  ru: {
    hostState: { connecting: 'подключение', up: 'в работе', down: 'недоступен' },
    open: 'Открыть Tinyforge',
    quit: 'Выйти',
    recentDeploys: 'Последние развёртывания',
    deployKind: { deploy: '', rollback: 'откат к ', promote: 'продвижение ' },
    deployStatus: { running: 'идёт', succeeded: 'успешно', failed: 'ошибка' },
    hosts: (up, total) => `хостов в работе: ${up}/${total}`,
    running: (n) => `запущено: ${n}`,
    unhealthy: (n) => `неисправно: ${n}`,
    restarting: (n) => `перезапускается: ${n}`,
    failed: (n) => `сбоев: ${n}`,
  },
};

/** A reason longer than this is cut: a menu item is one line, and an error can be a paragraph. */
export const MAX_REASON_CHARS = 60;

function dictionary(language: Language): TrayDictionary {
  return DICTIONARIES[language] ?? DICTIONARIES.en;
}

/** "Tinyforge: 2/3 hosts up, 14 running, 1 failed". */
export function tooltipText(parts: TrayTooltipPart[], language: Language): string {
  const words = dictionary(language);
  const plural = new Intl.PluralRules(language);
  const phrases = parts.map((part) => (part.kind === 'hosts' ? words.hosts(part.up, part.total, plural.select(part.total)) : words[part.kind](part.count)));
  return `Tinyforge: ${phrases.join(', ')}`;
}

/** "prod — down: connect ECONNREFUSED 10.0.0.5:22"; the reason only for a host that is down. */
export function hostLabel(host: TrayHost, language: Language): string {
  const label = `${host.name} — ${dictionary(language).hostState[host.state]}`;
  const reason = host.state === 'down' && host.reason ? oneLine(host.reason) : '';
  return reason ? `${label}: ${truncate(reason, MAX_REASON_CHARS)}` : label;
}

export function menuWords(language: Language): { open: string; quit: string; recentDeploys: string } {
  const { open, quit, recentDeploys } = dictionary(language);
  return { open, quit, recentDeploys };
}

/** "api / production: v2 — succeeded", "web / staging: rollback to 3f2a9c1b7d4e — failed". */
export function deployLabel(deploy: Pick<RecentDeployView, 'workloadName' | 'stageName' | 'kind' | 'image' | 'status'>, language: Language): string {
  const words = dictionary(language);
  const target = deploy.stageName === null ? deploy.workloadName : `${deploy.workloadName} / ${deploy.stageName}`;
  return `${target}: ${words.deployKind[deploy.kind]}${shortImage(deploy.image)} — ${words.deployStatus[deploy.status]}`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Cuts by code point, so an emoji or a surrogate pair is never split in half. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max
    ? text
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}
