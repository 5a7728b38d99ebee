// A stack's secret .env values: each key with where its value is kept (the keychain, this session
// only, or nowhere any more: enter it again), a write-only field to set or change it, and remove.
// Values never come back to the page; the engine writes them to the host only while compose runs.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStackSecrets } from '../../api/queries';
import { useSetStackSecret } from '../../api/stackMutations';
import { errorText } from '../../i18n/errorText';
import { secretKeepingText } from '../../i18n/labels';
import { ErrorState } from '../ErrorState';
import { Loading } from '../Loading';

export function StackSecrets({ workloadId }: { workloadId: string }) {
  const { t } = useTranslation();
  const secrets = useStackSecrets(workloadId);
  const set = useSetStackSecret(workloadId);
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [changing, setChanging] = useState<string | null>(null);
  const [newValue, setNewValue] = useState('');

  if (secrets.isPending) return <Loading label={t('stack.secrets.loading')} />;
  if (secrets.isError) return <ErrorState title={t('stack.secrets.loadFailed')} error={secrets.error} onRetry={() => void secrets.refetch()} />;

  return (
    <div className="stack-secrets" data-testid="stack-secrets">
      <h3>{t('stack.secrets.title')}</h3>
      <p className="field-hint">{t('stack.secrets.hint')}</p>
      {secrets.data.length > 0 && (
        <table className="table">
          <tbody>
            {secrets.data.map((s) => (
              <tr key={s.key} data-testid="stack-secret">
                <td className="mono">{s.key}</td>
                <td className={s.keeping === 'none' ? 'danger-text' : 'muted'} data-testid="stack-secret-keeping">
                  {secretKeepingText(t, s.keeping)}
                </td>
                <td className="cell-actions">
                  {changing === s.key ? (
                    <form
                      className="inline-form"
                      onSubmit={(e) => {
                        e.preventDefault();
                        set.mutate({ key: s.key, value: newValue }, { onSuccess: () => (setChanging(null), setNewValue('')) });
                      }}
                    >
                      <input
                        type="password"
                        autoComplete="off"
                        aria-label={t('stack.secrets.newValueFor', { key: s.key })}
                        value={newValue}
                        onChange={(e) => setNewValue(e.target.value)}
                      />
                      <button type="submit" className="button button-primary button-small" disabled={newValue === '' || set.isPending}>
                        {t('stack.secrets.save')}
                      </button>
                      <button type="button" className="button button-ghost button-small" onClick={() => setChanging(null)}>
                        {t('common.cancel')}
                      </button>
                    </form>
                  ) : (
                    <>
                      <button type="button" className="button button-ghost button-small" onClick={() => (setChanging(s.key), setNewValue(''))}>
                        {t('stack.secrets.change')}
                      </button>
                      <button
                        type="button"
                        className="button button-danger-text button-small"
                        disabled={set.isPending}
                        onClick={() => set.mutate({ key: s.key, value: null })}
                      >
                        {t('stack.secrets.remove')}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          set.mutate({ key: key.trim(), value }, { onSuccess: () => (setKey(''), setValue('')) });
        }}
      >
        <input
          className="mono"
          aria-label={t('stack.secrets.key')}
          placeholder={t('stack.secrets.key')}
          value={key}
          onChange={(e) => setKey(e.target.value)}
          data-testid="secret-key"
        />
        <input
          type="password"
          autoComplete="off"
          aria-label={t('stack.secrets.value')}
          placeholder={t('stack.secrets.value')}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          data-testid="secret-value"
        />
        <button type="submit" className="button" disabled={key.trim() === '' || value === '' || set.isPending} data-testid="secret-add">
          {t('stack.secrets.add')}
        </button>
      </form>
      {set.isError && (
        <p className="danger-text" role="alert" data-testid="secret-error">
          {errorText(t, set.error)}
        </p>
      )}
    </div>
  );
}
