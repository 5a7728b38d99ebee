// The Environment tab: every value masked until the user reveals it, one at a time. Values of
// secret-looking keys are not even in the page until revealed: the engine leaves them out and
// answers one on request (containers.revealEnv).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContainerEnvEntry } from '../../../shared/containerDetail';
import { useClient } from '../../api/transportContext';
import { errorText } from '../../i18n/errorText';

const MASK = '••••••••';

export function ContainerEnvironment({ containerId, env }: { containerId: string; env: ContainerEnvEntry[] }) {
  const { t } = useTranslation();
  if (env.length === 0) return <p className="muted">{t('containerDetail.env.empty')}</p>;
  return (
    <div className="card table-wrap">
      <table className="table simple-table env-table" data-testid="container-env">
        <caption className="sr-only">{t('containerDetail.env.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('containerDetail.env.key')}</th>
            <th scope="col">{t('containerDetail.env.value')}</th>
          </tr>
        </thead>
        <tbody>
          {env.map((entry, i) => (
            <EnvRow key={`${entry.key}-${i}`} containerId={containerId} entry={entry} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function EnvRow({ containerId, entry }: { containerId: string; entry: ContainerEnvEntry }) {
  const { t } = useTranslation();
  const client = useClient();
  const [shown, setShown] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);

  const reveal = async () => {
    if (!entry.secret) return setShown(entry.value ?? '');
    setPending(true);
    setError(null);
    try {
      setShown((await client['containers.revealEnv']({ id: containerId, key: entry.key })).value);
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  };

  return (
    <tr data-testid="env-row" data-key={entry.key} data-secret={entry.secret || undefined}>
      <th scope="row" className="mono">
        {entry.key}
        {entry.secret && <span className="badge badge-warn env-secret">{t('containerDetail.env.secret')}</span>}
      </th>
      <td>
        {shown === null ? (
          <>
            <span className="mono muted" aria-label={t('containerDetail.env.masked')}>
              {MASK}
            </span>{' '}
            <button type="button" className="button button-ghost button-small" data-testid="env-reveal" disabled={pending} onClick={() => void reveal()}>
              {t('containerDetail.env.reveal')}
            </button>
            {error !== null && (
              <span className="danger-text small" role="alert">
                {' '}
                {errorText(t, error)}
              </span>
            )}
          </>
        ) : (
          <>
            <span className="mono wrap" data-testid="env-value">
              {shown}
            </span>{' '}
            <button type="button" className="button button-ghost button-small" data-testid="env-hide" onClick={() => setShown(null)}>
              {t('containerDetail.env.hide')}
            </button>
          </>
        )}
      </td>
    </tr>
  );
}
