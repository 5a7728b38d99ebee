import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router-dom';
import { useAppInfo, useHealth, useHosts } from '../api/queries';
import { Icon, type IconName } from './Icon';
import { LanguageSwitch } from './LanguageSwitch';

interface Counter {
  /** What a sighted user sees: "12/40". */
  short: string;
  /** What a screen reader says: "12 running of 40". */
  spoken: string;
  tone?: 'danger';
}

function NavItem({ to, icon, label, counter, testId }: { to: string; icon: IconName; label: string; counter?: Counter; testId: string }) {
  return (
    <li>
      <NavLink to={to} end={to === '/'} className={({ isActive }) => (isActive ? 'nav-link active' : 'nav-link')} data-testid={`nav-${testId}`}>
        <Icon name={icon} />
        <span className="nav-label">{label}</span>
        {counter && (
          <span className={counter.tone ? `nav-count nav-count-${counter.tone}` : 'nav-count'} data-testid={`nav-count-${testId}`}>
            <span aria-hidden="true">{counter.short}</span>
            <span className="sr-only">{counter.spoken}</span>
          </span>
        )}
      </NavLink>
    </li>
  );
}

export function Sidebar() {
  const { t } = useTranslation();
  const health = useHealth().data;
  const hosts = useHosts().data;
  const version = useAppInfo().data?.version;

  const containers: Counter | undefined = health && {
    short: t('nav.ratio', { part: health.containers.running, total: health.containers.total }),
    spoken: t('nav.containersSpoken', { running: health.containers.running, count: health.containers.total }),
  };
  const workloadTotal = health ? health.workloads.project + health.workloads.stack + health.workloads.site : undefined;
  const workloads: Counter | undefined =
    workloadTotal !== undefined ? { short: t('nav.number', { value: workloadTotal }), spoken: t('nav.workloadsSpoken', { count: workloadTotal }) } : undefined;
  const stale: Counter | undefined = health && { short: t('nav.number', { value: health.stale }), spoken: t('nav.staleSpoken', { count: health.stale }) };
  const up = hosts?.filter((host) => host.state === 'up').length ?? 0;
  const hostCounter: Counter | undefined = hosts && {
    short: t('nav.ratio', { part: up, total: hosts.length }),
    spoken: t('nav.hostsSpoken', { up, count: hosts.length }),
    tone: up < hosts.length ? 'danger' : undefined,
  };

  return (
    <nav className="sidebar" aria-label={t('nav.label')}>
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        <span className="brand-name">{t('app.name')}</span>
      </div>
      <ul className="nav-list">
        <NavItem to="/" icon="home" label={t('nav.home')} testId="home" />
        <NavItem to="/containers" icon="containers" label={t('nav.containers')} counter={containers} testId="containers" />
        <NavItem to="/workloads" icon="workloads" label={t('nav.workloads')} counter={workloads} testId="workloads" />
        <NavItem to="/stale" icon="clock" label={t('nav.stale')} counter={stale} testId="stale" />
        <NavItem to="/hosts" icon="hosts" label={t('nav.hosts')} counter={hostCounter} testId="hosts" />
        <NavItem to="/settings" icon="settings" label={t('nav.settings')} testId="settings" />
      </ul>
      <div className="sidebar-footer">
        <LanguageSwitch />
        {/* The line is there before app.info answers, so the language switch above it does not move. */}
        <p className="muted small">{version ? t('app.version', { version }) : '\u00a0'}</p>
      </div>
    </nav>
  );
}
