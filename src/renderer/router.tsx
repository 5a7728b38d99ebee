// Hash routes (`#/containers?kind=project`) work under both Electron's app:// origin and the browser
// shell, need no server-side fallback, and keep filters through a reload and the back button.
import { Outlet, createHashRouter } from 'react-router-dom';
import { AppFrame } from './components/AppFrame';
import { RouteError } from './components/RouteError';
import { ContainersPage } from './pages/ContainersPage';
import { HomePage } from './pages/HomePage';
import { HostsPage } from './pages/HostsPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { SettingsPage } from './pages/SettingsPage';
import { WorkloadDetailPage } from './pages/WorkloadDetailPage';
import { WorkloadsPage } from './pages/WorkloadsPage';

export function createAppRouter() {
  return createHashRouter([
    {
      path: '/',
      element: <AppFrame />,
      children: [
        {
          // A page that crashes is replaced by an error panel; the sidebar stays usable.
          element: <Outlet />,
          errorElement: <RouteError />,
          children: [
            { index: true, element: <HomePage /> },
            { path: 'containers', element: <ContainersPage /> },
            { path: 'workloads', element: <WorkloadsPage /> },
            { path: 'workloads/:id', element: <WorkloadDetailPage /> },
            { path: 'hosts', element: <HostsPage /> },
            { path: 'settings', element: <SettingsPage /> },
            { path: '*', element: <NotFoundPage /> },
          ],
        },
      ],
    },
  ]);
}
