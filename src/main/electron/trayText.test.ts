import { describe, expect, it } from 'vitest';
import type { TrayTooltipPart } from '../engine/tray/trayState';
import { hostLabel, menuWords, tooltipText, truncate } from './trayText';

const parts = (up: number, total: number, more: Partial<Record<'running' | 'unhealthy' | 'restarting' | 'failed', number>> = {}): TrayTooltipPart[] => [
  { kind: 'hosts', up, total },
  { kind: 'running', count: more.running ?? 0 },
  ...(['unhealthy', 'restarting', 'failed'] as const).filter((k) => more[k]).map((kind) => ({ kind, count: more[kind]! })),
];

describe('tooltipText', () => {
  it('words every part in English, in the order given', () => {
    expect(tooltipText(parts(2, 3, { running: 14, unhealthy: 2, restarting: 1, failed: 1 }), 'en')).toBe(
      'Tinyforge: 2/3 hosts up, 14 running, 2 unhealthy, 1 restarting, 1 failed',
    );
  });

  it('says "host" for a single host in English', () => {
    expect(tooltipText(parts(1, 1, { running: 1 }), 'en')).toBe('Tinyforge: 1/1 host up, 1 running');
    expect(tooltipText(parts(0, 0), 'en')).toBe('Tinyforge: 0/0 hosts up, 0 running');
  });

  it('words every part in Russian', () => {
    expect(tooltipText(parts(2, 3, { running: 14, unhealthy: 2, restarting: 1, failed: 1 }), 'ru')).toBe(
      'Tinyforge: хостов в работе: 2/3, запущено: 14, неисправно: 2, перезапускается: 1, сбоев: 1',
    );
  });

  it('falls back to English for a language it does not know', () => {
    expect(tooltipText(parts(1, 2, { running: 3 }), 'de' as never)).toBe('Tinyforge: 1/2 hosts up, 3 running');
  });
});

describe('hostLabel', () => {
  it.each([
    ['en', 'up', 'local — up'],
    ['en', 'connecting', 'local — connecting'],
    ['ru', 'up', 'local — в работе'],
    ['ru', 'connecting', 'local — подключение'],
  ] as const)('%s: a %s host shows its name and state, never its reason', (language, state, expected) => {
    expect(hostLabel({ id: 'local', name: 'local', state, reason: 'waiting for the socket' }, language)).toBe(expected);
  });

  it('adds the reason of a down host, on one line', () => {
    expect(hostLabel({ id: 'p', name: 'prod', state: 'down', reason: 'SSH_TIMEOUT:\n  no answer' }, 'en')).toBe('prod — down: SSH_TIMEOUT: no answer');
    expect(hostLabel({ id: 'p', name: 'prod', state: 'down', reason: null }, 'ru')).toBe('prod — недоступен');
  });
});

describe('menuWords', () => {
  it('has the menu commands in both languages', () => {
    expect(menuWords('en')).toEqual({ open: 'Open Tinyforge', quit: 'Quit', recentDeploys: 'Recent deploys' });
    expect(menuWords('ru')).toEqual({ open: 'Открыть Tinyforge', quit: 'Выйти', recentDeploys: 'Последние развёртывания' });
  });
});

describe('truncate', () => {
  it('keeps a text that fits', () => {
    expect(truncate('abc', 3)).toBe('abc');
  });

  it('cuts to the limit including the ellipsis', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
  });

  it('never splits a character made of two UTF-16 units', () => {
    expect(truncate('🐳🐳🐳🐳', 3)).toBe('🐳🐳…');
  });
});
