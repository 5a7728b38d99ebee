import { useTranslation } from 'react-i18next';
import { useHosts } from '../../api/queries';
import { hostStateLabel } from '../../i18n/labels';
import { Field } from './Field';

/** Where a new workload goes. Hidden while there is only one host (the local one). */
export function HostSelect({ value, onChange }: { value: string; onChange(hostId: string): void }) {
  const { t } = useTranslation();
  const hosts = useHosts().data ?? [];
  if (hosts.length < 2) return null;
  return (
    <Field label={t('forms.host')}>
      {(props) => (
        <select {...props} name="hostId" value={value} onChange={(event) => onChange(event.target.value)}>
          {hosts.map((host) => (
            <option key={host.id} value={host.id}>
              {host.state === 'up' ? host.name : t('forms.hostOption', { name: host.name, state: hostStateLabel(t, host.state) })}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** The host a new workload goes to when the user is not asked. */
export function useDefaultHostId(): string {
  return useHosts().data?.[0]?.id ?? 'local';
}
