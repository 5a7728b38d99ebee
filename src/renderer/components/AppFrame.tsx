import { Outlet } from 'react-router-dom';
import { useLiveEvents } from '../api/useLiveEvents';
import { useSettingsLanguage } from '../hooks/useSettingsLanguage';
import { ConnectionBanner } from './ConnectionBanner';
import { DockerDownBanner } from './DockerDownBanner';
import { RouteProgress } from './RouteLoading';
import { Sidebar } from './Sidebar';

/** The layout route: it lives as long as the window, so the event subscription is made once here. */
export function AppFrame() {
  useLiveEvents();
  useSettingsLanguage();
  return (
    <div className="app">
      <Sidebar />
      <main className="main" id="main">
        <RouteProgress />
        <ConnectionBanner />
        <DockerDownBanner />
        <Outlet />
      </main>
    </div>
  );
}
