// Keystroke to echo as a user sees it: the built app in Chromium (the browser shell over its
// WebSocket), a container's Terminal tab open, a key pressed through Playwright (real input events
// into xterm.js's textarea), and the time from that keydown event to the frame in which xterm's
// rendered rows show the echoed character. Everything is in it: the key event, xterm's onData, the
// WebSocket to the engine, the exec's attach connection (the local socket, or the SSH connection's
// forwarded channel), the TTY's echo, the way back, and xterm's render (its DOM renderer draws on
// an animation frame, so the wait for the next frame is part of every figure, as it is for a user).
//
// The page is observed from outside: a keydown listener and a MutationObserver on `.xterm-rows`
// installed by the bench, nothing exposed by the app. Medians (and p95) of SAMPLES keys per host.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT, startHarness } from '../e2e/harness';
import type { Harness } from '../e2e/harness';
import { canonicalLabels } from '../src/main/engine/docker/labels';
import { DOCKER_SOCKET, TEST_IMAGE, TEST_RUN_LABEL, newRunId, removeRun, testDocker, waitFor } from '../src/main/engine/testing/dockerHost';
import { stage } from '../src/main/engine/testing/fixtures';
import { TestSshServer, addTrustedHost } from '../src/main/engine/testing/sshServer';
import { median, percentile, round } from './report';

const SAMPLES = 200;
/** Letters and digits only: each echoes as itself, whatever the line editor does around it. */
const KEYS = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** Keys typed on one line before it is killed (Ctrl+U), so the line never wraps or scrolls. */
const LINE = 30;

/**
 * Installed in the page (a string: tsx would wrap a function's inner names in a helper the page
 * lacks). `window.__echo.expect(line)` arms it; the next keydown starts the clock; the first
 * mutation of the rows after which the cursor's line reads `line` stops it. With WS_TAP in the
 * page, each time is also split in three: keydown to the exec.input frame leaving the page, that
 * frame to the exec.output frame arriving (the WebSocket, the engine, Docker, the TTY), and that
 * frame to the rows drawn (xterm's parse, the wait for a frame, its render).
 */
const RECORDER = `(() => {
  const rows = document.querySelector('.xterm-rows');
  const tap = window.__wsTap || null;
  const lineText = () => {
    const texts = [...rows.children].map((r) => r.textContent.replace(/\\u00a0/g, ' ').trimEnd()).filter((t) => t !== '');
    return texts.length ? texts[texts.length - 1] : '';
  };
  const state = { armed: null, start: 0, times: [], parts: [], lineText };
  state.expect = (line) => { state.armed = line; state.start = 0; };
  document.addEventListener('keydown', (e) => {
    if (state.armed === null || state.start !== 0) return;
    state.start = e.timeStamp;
    if (tap) { tap.sent = 0; tap.received = 0; }
  }, true);
  new MutationObserver(() => {
    if (state.armed === null || state.start === 0 || lineText() !== state.armed) return;
    const now = performance.now();
    state.times.push(now - state.start);
    if (tap && tap.sent > 0 && tap.received > 0) state.parts.push([tap.sent - state.start, tap.received - tap.sent, now - tap.received]);
    state.armed = null;
  }).observe(rows, { childList: true, subtree: true, characterData: true });
  window.__echo = state;
})()`;

/**
 * Run before the app's own scripts on every load of the page: notes when the page hands an
 * exec.input frame to its WebSocket and when the first exec.output frame after it arrives. It
 * observes the socket from outside; the app is not changed for it.
 */
const WS_TAP = `(() => {
  const tap = { sent: 0, received: 0 };
  window.__wsTap = tap;
  const send = WebSocket.prototype.send;
  const watched = new WeakSet();
  WebSocket.prototype.send = function (data) {
    if (!watched.has(this)) {
      watched.add(this);
      this.addEventListener('message', (e) => {
        if (tap.sent > 0 && tap.received === 0 && typeof e.data === 'string' && e.data.includes('exec.output')) tap.received = performance.now();
      });
    }
    if (tap.sent === 0 && typeof data === 'string' && data.includes('exec.input')) tap.sent = performance.now();
    return send.call(this, data);
  };
})()`;

async function container(h: Harness, hostId: string, runId: string): Promise<string> {
  const project = h.app.services.workloads.createProject({ hostId, name: `echo-${hostId}`, imageRepository: 'acme/echo', stages: [stage('production')] });
  const name = `${runId}-${hostId}`;
  const created = await testDocker().createContainer({
    Image: TEST_IMAGE,
    name,
    Cmd: ['sleep', '3600'],
    Labels: { ...canonicalLabels(project.id, 'project', 'production'), [TEST_RUN_LABEL]: runId },
  });
  await created.start();
  await h.app.handlers['reconcile.now']({ hostId });
  const row = await waitFor(`row ${name}`, () => h.app.services.containers.list(hostId).find((c) => c.name === name));
  h.app.services.containers.setTrust(row, true, Date.now());
  return row.id;
}

const lineNow = (page: Page) => page.evaluate<string>('window.__echo.lineText()');

/**
 * Keydown-to-rendered-echo times, in ms, of `samples` keys typed into the xterm.js terminal on the
 * page, which shows a prompt ending in `#`.
 */
async function typeAndTime(page: Page, samples: number): Promise<Timed> {
  await page.waitForFunction(() => /#\s*$/.test(document.querySelector('.xterm-rows')?.textContent?.replace(/\u00a0/g, ' ') ?? ''), null, { timeout: 20_000 });
  await page.evaluate(RECORDER);
  await page.locator('.xterm-helper-textarea').focus();
  const prompt = await lineNow(page);
  let typed = '';
  for (let i = 0; i < samples; i += 1) {
    if (i > 0 && i % LINE === 0) {
      await page.keyboard.press('Control+U');
      await page.waitForFunction((p) => (window as unknown as { __echo: { lineText(): string } }).__echo.lineText() === p, prompt);
      typed = '';
    }
    const key = KEYS[i % KEYS.length]!;
    typed += key;
    await page.evaluate((line) => (window as unknown as { __echo: { expect(l: string): void } }).__echo.expect(line), `${prompt} ${typed}`);
    await page.keyboard.press(key);
    await page.waitForFunction(() => (window as unknown as { __echo: { armed: string | null } }).__echo.armed === null, null, { timeout: 10_000 });
  }
  return page.evaluate<Timed>('({ times: window.__echo.times, parts: window.__echo.parts })');
}

/** Keydown to echo drawn, per key; and, where the socket was watched, its three parts per key. */
interface Timed {
  times: number[];
  parts: [number, number, number][];
}

/** The same keys into a container's Terminal tab in the app. */
async function appEchoTimes(h: Harness, containerId: string, samples: number): Promise<Timed> {
  await h.open(`#/containers/${containerId}/terminal`);
  await h.page.locator('[data-testid="terminal"][data-status="open"]').waitFor({ timeout: 20_000 });
  const times = await typeAndTime(h.page, samples);
  // Leaving the tab ends the session (recorded in the workload's history like any other).
  await h.open('#/containers');
  return times;
}

/**
 * The floor: the same xterm.js (the app's own copy, options as the app sets them) alone on a page
 * that echoes each key itself, with no engine, socket or container behind it. What is left is the
 * browser's input handling and xterm's parse and render: no terminal in this browser can echo faster.
 */
async function floorEchoTimes(h: Harness, samples: number): Promise<number[]> {
  const page = await h.context.newPage();
  try {
    await page.setContent('<!doctype html><html><body style="margin:0"><div id="term" style="width:1000px;height:600px"></div></body></html>');
    await page.addStyleTag({ path: join(ROOT, 'node_modules/@xterm/xterm/css/xterm.css') });
    await page.addScriptTag({ path: join(ROOT, 'node_modules/@xterm/xterm/lib/xterm.js') });
    await page.evaluate(`(() => {
      const term = new window.Terminal({ cursorBlink: true, fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace', fontSize: 13, scrollback: 5000, theme: { background: '#1e1e1e' } });
      term.open(document.getElementById('term'));
      term.onData((data) => term.write(data === '\\u0015' ? '\\r\\u001b[K/ # ' : data));
      term.write('/ # ');
      term.focus();
    })()`);
    return (await typeAndTime(page, samples)).times;
  } finally {
    await page.close();
  }
}

export interface TerminalEchoFigures {
  exec_echo_ms_local: number;
  exec_echo_ms_ssh: number;
  exec_echo_p95_ms_local: number;
  exec_echo_p95_ms_ssh: number;
  /** The floor: xterm.js echoing locally in the same browser, same run. */
  xterm_floor_echo_ms: number;
  ratio_echo_local_to_floor: number;
  ratio_echo_ssh_to_floor: number;
  /** Medians of the three parts (see RECORDER): keydown to the frame sent, the round trip, the draw. */
  exec_echo_part_input_ms_local: number;
  exec_echo_part_roundtrip_ms_local: number;
  exec_echo_part_draw_ms_local: number;
  exec_echo_part_input_ms_ssh: number;
  exec_echo_part_roundtrip_ms_ssh: number;
  exec_echo_part_draw_ms_ssh: number;
  exec_echo_samples: number;
}

/**
 * Medians and p95s of keydown to the echo drawn in xterm, on the local socket and on an SSH host,
 * and the floor measured turn about with them in the same browser.
 */
export async function terminalEcho(samples = SAMPLES): Promise<TerminalEchoFigures> {
  const sshd = await TestSshServer.start();
  const runId = newRunId();
  const h = await startHarness({ dockerSocketPath: DOCKER_SOCKET, resyncIntervalMs: 60_000 });
  try {
    await h.page.addInitScript({ content: WS_TAP });
    await waitFor('docker up', () => h.app.services.runtime('local')?.connection.status.state === 'up');
    const sshHostId = await addTrustedHost(h.app, sshd, 'echo-ssh');
    const localId = await container(h, 'local', runId);
    const sshId = await container(h, sshHostId, runId);
    // Halves, turn about: a stretch of load on this shared machine falls on all three alike.
    const half = Math.ceil(samples / 2);
    const floor: number[] = [];
    const local: Timed = { times: [], parts: [] };
    const ssh: Timed = { times: [], parts: [] };
    const add = (into: Timed, from: Timed) => {
      into.times.push(...from.times);
      into.parts.push(...from.parts);
    };
    for (let turn = 0; turn < 2; turn += 1) {
      floor.push(...(await floorEchoTimes(h, half)));
      add(local, await appEchoTimes(h, localId, half));
      add(ssh, await appEchoTimes(h, sshId, half));
    }
    const part = (timed: Timed, i: 0 | 1 | 2) => round(median(timed.parts.map((p) => p[i])));
    const floorMedian = median(floor);
    process.stdout.write(
      `terminal echo (ms, min..max): floor ${span(floor)}; local ${span(local.times)}; ssh ${span(ssh.times)}; ` +
        `split for ${local.parts.length} local and ${ssh.parts.length} ssh keys\n`,
    );
    return {
      exec_echo_ms_local: round(median(local.times)),
      exec_echo_ms_ssh: round(median(ssh.times)),
      exec_echo_p95_ms_local: round(percentile(local.times, 95)),
      exec_echo_p95_ms_ssh: round(percentile(ssh.times, 95)),
      xterm_floor_echo_ms: round(floorMedian),
      ratio_echo_local_to_floor: round(median(local.times) / floorMedian, 3),
      ratio_echo_ssh_to_floor: round(median(ssh.times) / floorMedian, 3),
      exec_echo_part_input_ms_local: part(local, 0),
      exec_echo_part_roundtrip_ms_local: part(local, 1),
      exec_echo_part_draw_ms_local: part(local, 2),
      exec_echo_part_input_ms_ssh: part(ssh, 0),
      exec_echo_part_roundtrip_ms_ssh: part(ssh, 1),
      exec_echo_part_draw_ms_ssh: part(ssh, 2),
      exec_echo_samples: Math.min(local.times.length, ssh.times.length),
    };
  } finally {
    await removeRun(testDocker(), runId);
    await h.close();
    await sshd.dispose();
  }
}

const span = (times: number[]) => `${round(Math.min(...times))}..${round(Math.max(...times))}`;
