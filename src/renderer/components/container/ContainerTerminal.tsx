// The Terminal tab: xterm.js over a Docker exec with a TTY. The terminal is fitted to its box before
// the session opens, so the shell starts at the size it is drawn at; every later fit (the window or
// the panel resized) is sent on. Loaded on demand: xterm stays out of every other page.
import type { Translate } from '../../i18n/labels';
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { openExecSession } from '../../api/execSession';
import type { ExecStatus } from '../../api/execSession';
import { useClient } from '../../api/transportContext';
import { errorText } from '../../i18n/errorText';
import { mirrorInlineStyles } from './cspStyles';
import { execEndText } from './exitReasonText';
import '../../styles/container.css';

export function ContainerTerminal({ containerId }: { containerId: string }) {
  const { t } = useTranslation();
  const client = useClient();
  const host = useRef<HTMLDivElement>(null);
  const [status, setStatus] = useState<ExecStatus>({ state: 'opening' });
  const [size, setSize] = useState<{ cols: number; rows: number } | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const unmirror = mirrorInlineStyles(element);
    const term = new Terminal({
      cursorBlink: true,
      fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace',
      fontSize: 13,
      scrollback: 5_000,
      theme: { background: '#1e1e1e' },
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(element);
    fit.fit();
    setSize({ cols: term.cols, rows: term.rows });
    const session = openExecSession(
      client,
      containerId,
      { cols: term.cols, rows: term.rows },
      {
        output: (data) => term.write(data),
        status: (next) => {
          setStatus(next);
          if (next.state === 'ended') term.write(`\r\n\u001b[2m[${execEndText(t, next.end.reason, next.end.exitCode)}]\u001b[0m\r\n`);
        },
      },
    );
    const typing = term.onData((data) => session.input(data));
    const resizing = term.onResize(({ cols, rows }) => {
      setSize({ cols, rows });
      session.resize(cols, rows);
    });
    const observer = new ResizeObserver(() => fit.fit());
    observer.observe(element);
    term.focus();
    return () => {
      observer.disconnect();
      typing.dispose();
      resizing.dispose();
      session.close();
      term.dispose();
      unmirror();
    };
    // `t` only words the ending line; a language switch must not reopen the session.
  }, [client, containerId, attempt]);

  return (
    <section
      className="terminal-panel"
      data-testid="terminal"
      data-status={status.state}
      data-shell={status.state === 'open' ? status.shell : undefined}
      data-end-reason={status.state === 'ended' ? status.end.reason : undefined}
      data-cols={size?.cols}
      data-rows={size?.rows}
      aria-label={t('terminal.title')}
    >
      <div className="terminal-bar small">
        <span data-testid="terminal-status">{statusLine(t, status)}</span>
        {size && <span className="muted mono">{t('terminal.size', { cols: size.cols, rows: size.rows })}</span>}
        {(status.state === 'ended' || status.state === 'failed') && (
          <button type="button" className="button button-small" data-testid="terminal-reopen" onClick={() => setAttempt((n) => n + 1)}>
            {t('terminal.reopen')}
          </button>
        )}
      </div>
      {status.state === 'failed' && (
        <p className="danger-text wrap" role="alert" data-testid="terminal-error">
          {errorText(t, status.error)}
        </p>
      )}
      <div className="terminal-host" ref={host} data-testid="terminal-screen" />
      <p className="muted small">{t('terminal.recorded')}</p>
    </section>
  );
}

function statusLine(t: Translate, status: ExecStatus): string {
  switch (status.state) {
    case 'opening':
      return t('terminal.status.opening');
    case 'open':
      return t('terminal.status.open', { shell: status.shell });
    case 'ended':
      return execEndText(t, status.end.reason, status.end.exitCode);
    case 'failed':
      return t('terminal.status.failed');
  }
}

export default ContainerTerminal;
