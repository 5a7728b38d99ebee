import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostView } from '../../../shared/types';
import { dockerHostLine } from '../../model/hostDraft';

/**
 * The local socket that forwards to a host's Docker, with the line that points the docker and
 * docker compose CLIs at it. It exists only while the host is connected, so otherwise this says when
 * it will be there instead of showing a path that answers nothing.
 */
export function DockerSocketLine({ host }: { host: HostView }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<'ok' | 'failed' | null>(null);
  if (!host.ssh?.exposeSocket) return null;
  const path = host.state === 'up' ? host.localSocketPath : null;
  if (path === null)
    return (
      <p className="muted small" data-testid="docker-host-pending">
        {t('hosts.socket.whenConnected')}
      </p>
    );
  const line = dockerHostLine(path);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(line);
      setCopied('ok');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <div className="socket-line">
      <span className="muted small">{t('hosts.socket.label')}</span>
      <code className="mono" data-testid="local-socket-path">
        {path}
      </code>
      <code className="command" data-testid="docker-host-line">
        {line}
      </code>
      <button type="button" className="button button-small" data-testid="copy-docker-host" onClick={() => void copy()}>
        {t('hosts.socket.copy')}
      </button>
      <span className="small" role="status">
        {copied === 'ok' ? t('hosts.socket.copied') : copied === 'failed' ? t('hosts.socket.copyFailed') : ''}
      </span>
    </div>
  );
}
