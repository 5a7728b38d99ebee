import { useId, type ReactNode } from 'react';
import type { HostView } from '../../../shared/types';
import { Icon } from '../Icon';

/**
 * A first key is asked about (`warn`); a changed one is shouted (`danger`: an alert, with a warning
 * sign), as OpenSSH does.
 */
const TONES = {
  warn: { icon: 'key', size: 18, role: undefined },
  danger: { icon: 'warning', size: 20, role: 'alert' },
} as const;

/**
 * The frame of a host-key prompt: a tinted section under a titled heading. `data-host-id` and
 * `data-fingerprint` say which host and key it is about, so a test can wait for the right prompt.
 */
export function KeyPanel({
  tone,
  title,
  testId,
  host,
  fingerprint,
  children,
}: {
  tone: keyof typeof TONES;
  title: string;
  testId: string;
  host: HostView;
  fingerprint: string | undefined;
  children: ReactNode;
}) {
  const titleId = useId();
  const { icon, size, role } = TONES[tone];
  return (
    <section
      className={`key-panel key-panel-${tone}`}
      aria-labelledby={titleId}
      role={role}
      data-testid={testId}
      data-host-id={host.id}
      data-fingerprint={fingerprint}
    >
      <h2 id={titleId}>
        <Icon name={icon} size={size} />
        {title}
      </h2>
      {children}
    </section>
  );
}
