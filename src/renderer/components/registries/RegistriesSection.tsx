import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RegistryView } from '../../../shared/types';
import { useSecretCall } from '../../api/hostMutations';
import { useRemoveRegistry } from '../../api/mutations';
import { ConfirmDialog } from '../ConfirmDialog';
import { HostSelect, useDefaultHostId } from '../forms/HostSelect';
import { useRegistries } from '../../api/queries';
import { codedErrorText } from '../../i18n/errorText';
import { secretKeepingText } from '../../i18n/labels';
import { issuesAt, validateCallInput } from '../../model/formIssues';
import { EMPTY_REGISTRY_DRAFT, registryDraftOf, registrySetInput, registryTestInput } from '../../model/registryDraft';
import type { RegistryDraft } from '../../model/registryDraft';
import { ErrorState } from '../ErrorState';
import { Loading } from '../Loading';
import { RelativeTime } from '../RelativeTime';
import { SimpleTable } from '../SimpleTable';
import { Field } from '../forms/Field';
import { useFormIssues } from '../forms/useFormIssues';
import { ValidatedForm } from '../forms/ValidatedForm';

const FIELDS = ['registry', 'username', 'password'];

/**
 * The login form: save, or test from the local Docker host without saving. The password is
 * write-only: it is cleared as soon as it is sent, and an empty field keeps (or tests) the saved one.
 */
function RegistryForm({ saved, initial, onDone }: { saved: RegistryView[]; initial: RegistryDraft; onDone(): void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<RegistryDraft>(initial);
  const defaultHostId = useDefaultHostId();
  const [hostId, setHostId] = useState(defaultHostId);
  const save = useSecretCall('registries.set');
  const test = useSecretCall('registries.test');
  const form = useFormIssues();
  const edit = (next: Partial<RegistryDraft>) => {
    test.reset();
    setDraft({ ...draft, ...next });
  };
  const known = saved.find((r) => r.registry === draft.registry.trim().toLowerCase());

  const submit = async () => {
    const input = registrySetInput(draft);
    if (!form.check(validateCallInput('registries.set', input))) return;
    setDraft({ ...draft, password: '' });
    const outcome = await save.run(input);
    if (outcome.ok) {
      setDraft(EMPTY_REGISTRY_DRAFT);
      onDone();
    } else form.fail(outcome.error);
  };

  const runTest = async () => {
    const input = registryTestInput(draft, hostId);
    if (!form.check(validateCallInput('registries.test', input))) return;
    const outcome = await test.run(input);
    if (!outcome.ok) form.fail(outcome.error);
  };

  return (
    <ValidatedForm
      form={form}
      onSubmit={() => void submit()}
      fieldPaths={FIELDS}
      title={t('registries.formTitle')}
      className="form-card"
      testId="registry-form"
    >
      <div className="form-grid">
        <Field label={t('registries.registry')} hint={t('registries.registryHint')} issues={issuesAt(form.issues, 'registry')}>
          {(props) => (
            <input
              {...props}
              name="registry"
              value={draft.registry}
              autoComplete="off"
              spellCheck={false}
              className="mono"
              placeholder={t('registries.registryPlaceholder')}
              onChange={(e) => edit({ registry: e.target.value })}
            />
          )}
        </Field>
        <Field label={t('registries.username')} issues={issuesAt(form.issues, 'username')}>
          {(props) => (
            <input
              {...props}
              name="username"
              value={draft.username}
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => edit({ username: e.target.value })}
            />
          )}
        </Field>
        <Field
          label={t('registries.password')}
          hint={
            <span data-testid="registry-password-hint">
              {known && known.password !== 'none' ? t('registries.passwordKeep') : t('registries.passwordRequired')}
            </span>
          }
          issues={issuesAt(form.issues, 'password')}
        >
          {(props) => (
            <input
              {...props}
              name="password"
              type="password"
              value={draft.password}
              autoComplete="new-password"
              onChange={(e) => edit({ password: e.target.value })}
            />
          )}
        </Field>
      </div>
      {test.data && (
        <p
          className={test.data.ok ? 'notice-inline' : 'danger-text wrap'}
          role="status"
          data-testid="registry-test-result"
          data-ok={String(test.data.ok)}
          data-code={test.data.error?.code ?? ''}
        >
          {test.data.ok
            ? t('registries.testOk', { registry: test.data.registry })
            : test.data.error
              ? codedErrorText(t, test.data.error)
              : t('registries.testFailed')}
        </p>
      )}
      <div className="form-actions">
        <HostSelect
          value={hostId}
          onChange={(next) => {
            test.reset();
            setHostId(next);
          }}
        />
        <span className="muted small push-left">{t('registries.testHint')}</span>
        <button type="button" className="button" data-testid="test-registry" disabled={test.isPending || save.isPending} onClick={() => void runTest()}>
          {test.isPending ? t('registries.testing') : t('registries.test')}
        </button>
        <button type="submit" className="button button-primary" data-testid="save-registry" disabled={save.isPending}>
          {save.isPending ? t('common.saving') : t('registries.save')}
        </button>
      </div>
    </ValidatedForm>
  );
}

/** Settings, Registries: saved logins for private registries, used by every pull the app makes. */
export function RegistriesSection() {
  const { t } = useTranslation();
  const registries = useRegistries();
  const remove = useRemoveRegistry();
  const [removing, setRemoving] = useState<string | null>(null);
  // The form starts over (fresh state) for each login picked to edit, and after a save.
  const [editing, setEditing] = useState<{ key: number; draft: RegistryDraft }>({ key: 0, draft: EMPTY_REGISTRY_DRAFT });
  const restart = (draft: RegistryDraft) => setEditing((e) => ({ key: e.key + 1, draft }));

  return (
    <section className="card" data-testid="registries-section" aria-labelledby="registries-title">
      <div className="card-head">
        <h2 id="registries-title">{t('registries.title')}</h2>
      </div>
      <p className="muted">{t('registries.explain')}</p>
      {registries.isPending && <Loading label={t('registries.loading')} />}
      {registries.isError && !registries.data && (
        <ErrorState title={t('registries.loadFailed')} error={registries.error} onRetry={() => void registries.refetch()} />
      )}
      {registries.data && registries.data.length === 0 && (
        <p className="muted" data-testid="registries-empty">
          {t('registries.empty')}
        </p>
      )}
      {registries.data && registries.data.length > 0 && (
        <SimpleTable
          testId="registries-table"
          caption={t('registries.title')}
          columns={[t('registries.registry'), t('registries.username'), t('registries.password'), t('registries.updated'), t('registries.actions')]}
        >
          {registries.data.map((r) => (
            <tr key={r.registry} data-testid="registry-row" data-registry={r.registry}>
              <td className="mono">{r.registry}</td>
              <td>{r.username}</td>
              <td data-testid="registry-keeping" className={r.password === 'none' ? 'danger-text' : undefined}>
                {secretKeepingText(t, r.password)}
              </td>
              <td>
                <RelativeTime at={r.updatedAt} />
              </td>
              <td className="nowrap">
                <button type="button" className="button button-ghost" data-testid="edit-registry" onClick={() => restart(registryDraftOf(r))}>
                  {t('registries.edit')}
                </button>
                <button
                  type="button"
                  className="button button-ghost"
                  data-testid="remove-registry"
                  disabled={remove.isPending}
                  onClick={() => {
                    remove.reset();
                    setRemoving(r.registry);
                  }}
                >
                  {t('registries.remove')}
                </button>
              </td>
            </tr>
          ))}
        </SimpleTable>
      )}
      {removing !== null && (
        <ConfirmDialog
          title={t('registries.removeTitle', { registry: removing })}
          testId="remove-registry-dialog"
          onClose={() => setRemoving(null)}
          tone="danger"
          confirmLabel={t('registries.remove')}
          pendingLabel={t('registries.removing')}
          pending={remove.isPending}
          onConfirm={() => remove.mutate(removing, { onSuccess: () => setRemoving(null) })}
          confirmTestId="confirm-remove-registry"
          failure={remove.error}
        >
          <p>{t('registries.removeBody', { registry: removing })}</p>
        </ConfirmDialog>
      )}
      <RegistryForm key={editing.key} saved={registries.data ?? []} initial={editing.draft} onDone={() => restart(EMPTY_REGISTRY_DRAFT)} />
    </section>
  );
}
