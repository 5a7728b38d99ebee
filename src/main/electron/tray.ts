// The tray status icon: its colour is the worst state across hosts and containers (decided by the
// engine's pure trayState), its tooltip counts them, and its menu lists the hosts, opens the window
// and quits. This file only fetches, words and renders; it decides nothing about levels.
import { join } from 'node:path';
import { Menu, nativeImage, Tray } from 'electron';
import type { MenuItemConstructorOptions } from 'electron';
import type { CallInput, CallName, CallOutput, EventName } from '../../shared/contract';
import type { Language, RecentDeployView } from '../../shared/types';
import type { App } from '../engine/app';
import { dispatchCall } from '../engine/rpc/handlers';
import { trayState } from '../engine/tray/trayState';
import type { TrayLevel, TrayState } from '../engine/tray/trayState';
import { deployLabel, hostLabel, menuWords, tooltipText } from './trayText';

/** The events after which the tray's picture may be out of date. */
const TRIGGERS: ReadonlySet<EventName> = new Set<EventName>(['host.state', 'hosts.changed', 'containers.changed', 'settings.changed', 'deploys.changed']);

/** How many deploys the menu lists: a glance, the home page has the rest. */
export const RECENT_DEPLOYS = 5;

/**
 * A reconnect storm or a compose stack of fifty containers starting emits hundreds of events a
 * second; the tray needs to catch up with the last of them, not rebuild its menu for each one.
 */
export const DEFAULT_THROTTLE_MS = 500;

/** Before the first fetch lands: the engine has just started and its hosts are still connecting. */
const STARTING_LEVEL: TrayLevel = 'amber';

export interface StatusTrayOptions {
  engine: Pick<App, 'handlers' | 'events'>;
  /** Holds tray-{green,amber,red}.png and their @2x twins (scripts/make-tray-icons.mjs). */
  iconDir: string;
  /** Shows and focuses the main window, creating it if it was closed. */
  openWindow: () => void;
  quit: () => void;
  throttleMs?: number;
  /** Decides how menu labels are escaped; the running platform unless a test says otherwise. */
  platform?: NodeJS.Platform;
}

export interface StatusTray {
  /** Recomputes now, outside the throttle; settles once the tray shows the result. */
  refresh(): Promise<void>;
  /** Unsubscribes, cancels the pending recomputation and removes the icon. Idempotent. */
  close(): void;
}

type MenuEntry =
  { kind: 'host' | 'heading' | 'deploy'; label: string } | { kind: 'separator' } | { kind: 'open'; label: string } | { kind: 'quit'; label: string };

interface Rendered {
  level: TrayLevel;
  tooltip: string;
  /** The menu as data, serialised: compared to skip rebuilding an identical menu. */
  menuKey: string;
}

export function createStatusTray(options: StatusTrayOptions): StatusTray {
  const throttleMs = options.throttleMs ?? DEFAULT_THROTTLE_MS;
  const platform = options.platform ?? process.platform;
  const iconPath = (level: TrayLevel) => join(options.iconDir, `tray-${level}.png`);

  // Electron finds tray-amber@2x.png beside tray-amber.png by itself on HiDPI screens.
  const tray = new Tray(nativeImage.createFromPath(iconPath(STARTING_LEVEL)));
  const rendered: Rendered = { level: STARTING_LEVEL, tooltip: '', menuKey: '' };
  let closed = false;
  let timer: NodeJS.Timeout | null = null;
  let inFlight: Promise<void> | null = null;
  let dirty = false;

  // Usable at once, before the first fetch: a user can open the window or quit while hosts connect.
  render({ level: STARTING_LEVEL, tooltip: 'Tinyforge', menu: menuEntries(null, 'en', []) });

  function render(view: { level: TrayLevel; tooltip: string; menu: MenuEntry[] }): void {
    if (view.level !== rendered.level) {
      tray.setImage(nativeImage.createFromPath(iconPath(view.level)));
      rendered.level = view.level;
    }
    if (view.tooltip !== rendered.tooltip) {
      tray.setToolTip(view.tooltip);
      rendered.tooltip = view.tooltip;
    }
    const menuKey = JSON.stringify(view.menu);
    if (menuKey !== rendered.menuKey) {
      tray.setContextMenu(Menu.buildFromTemplate(view.menu.map(toMenuItem)));
      rendered.menuKey = menuKey;
    }
  }

  function toMenuItem(entry: MenuEntry): MenuItemConstructorOptions {
    switch (entry.kind) {
      case 'host':
      case 'heading':
      case 'deploy':
        // Information, not a command: the Hosts and project pages are where things are acted on.
        return { label: escapeLabel(entry.label, platform), enabled: false };
      case 'separator':
        return { type: 'separator' };
      case 'open':
        return { label: entry.label, click: () => options.openWindow() };
      case 'quit':
        return { label: entry.label, click: () => options.quit() };
    }
  }

  async function recompute(): Promise<void> {
    let state: TrayState;
    let language: Language;
    let deploys: RecentDeployView[];
    try {
      const [hosts, containers, settings, recent] = await Promise.all([
        call(options.engine, 'hosts.list', {}),
        call(options.engine, 'containers.list', {}),
        call(options.engine, 'settings.get', {}),
        call(options.engine, 'deploys.recent', { limit: RECENT_DEPLOYS }),
      ]);
      state = trayState(hosts, containers);
      language = settings.language;
      deploys = recent;
    } catch (error) {
      // Keep showing the last picture: a wrong colour from half the data would be worse.
      console.error(`The tray could not refresh: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    // The window may have been quit while the engine answered; a destroyed tray throws.
    if (closed) return;
    render({ level: state.level, tooltip: tooltipText(state.tooltipParts, language), menu: menuEntries(state, language, deploys) });
  }

  /** Single flight: a run asked for while one is fetching becomes one more run after it. */
  function run(): Promise<void> {
    if (closed) return Promise.resolve();
    if (inFlight) {
      dirty = true;
      return inFlight;
    }
    inFlight = recompute().finally(() => {
      inFlight = null;
      if (dirty) {
        dirty = false;
        schedule();
      }
    });
    return inFlight;
  }

  /** Trailing throttle: the first trigger starts the wait, later ones ride along with it. */
  function schedule(): void {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = null;
      void run();
    }, throttleMs);
  }

  const unsubscribe = options.engine.events.subscribe((event) => {
    if (TRIGGERS.has(event)) schedule();
  });
  void run();

  return {
    async refresh() {
      if (inFlight) {
        // The fetch in flight may predate what the caller knows: wait for it, then fetch afresh.
        await inFlight;
      }
      await run();
    },
    close() {
      if (closed) return;
      closed = true;
      unsubscribe();
      if (timer) clearTimeout(timer);
      timer = null;
      tray.destroy();
    },
  };
}

function menuEntries(state: TrayState | null, language: Language, deploys: RecentDeployView[]): MenuEntry[] {
  const words = menuWords(language);
  const hosts: MenuEntry[] = (state?.hosts ?? []).map((host) => ({ kind: 'host', label: hostLabel(host, language) }));
  const recent: MenuEntry[] = deploys.length
    ? [{ kind: 'heading', label: words.recentDeploys }, ...deploys.map((d): MenuEntry => ({ kind: 'deploy', label: deployLabel(d, language) }))]
    : [];
  const sections = [hosts, recent].filter((section) => section.length > 0);
  return [
    ...sections.flatMap((section) => [...section, { kind: 'separator' } as const]),
    { kind: 'open', label: words.open },
    { kind: 'quit', label: words.quit },
  ];
}

/**
 * On Windows and Linux a single `&` in a menu label marks the next letter as its access key and is
 * not shown; `&&` shows one. Host names cannot hold `&`, but a host's reason (an error message) can.
 */
export function escapeLabel(label: string, platform: NodeJS.Platform): string {
  return platform === 'darwin' ? label : label.replaceAll('&', '&&');
}

async function call<N extends CallName>(engine: Pick<App, 'handlers'>, name: N, input: CallInput<N>): Promise<CallOutput<N>> {
  // The tray is a caller of its own; it opens nothing tied to a connection.
  const result = await dispatchCall(engine.handlers, name, input, { connectionId: 'tray' });
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value as CallOutput<N>;
}
