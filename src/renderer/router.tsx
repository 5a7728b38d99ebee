// Hash routes (`#/containers?kind=project`) work under both Electron's app:// origin and the browser
// shell, need no server-side fallback, and keep filters through a reload and the back button.
import { Outlet, createHashRouter } from 'react-router-dom';
import { AppFrame } from './components/AppFrame';
import { RouteError } from './components/RouteError';
import { ContainersPage } from './pages/ContainersPage';

// The Containers page ships in the first bundle (it is the page people open and the heaviest to
// render); the others, with the forms and the schema library they validate with, load on demand.
const lazyPage = (load: () => Promise<{ default: React.ComponentType }>) => async () => ({ Component: (await load()).default });

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
            { index: true, lazy: lazyPage(() => import('./pages/HomePage').then((m) => ({ default: m.HomePage }))) },
            { path: 'containers', element: <ContainersPage /> },
            { path: 'workloads', lazy: lazyPage(() => import('./pages/WorkloadsPage').then((m) => ({ default: m.WorkloadsPage }))) },
            { path: 'workloads/:id', lazy: lazyPage(() => import('./pages/WorkloadDetailPage').then((m) => ({ default: m.WorkloadDetailPage }))) },
            { path: 'hosts', lazy: lazyPage(() => import('./pages/HostsPage').then((m) => ({ default: m.HostsPage }))) },
            { path: 'settings', lazy: lazyPage(() => import('./pages/SettingsPage').then((m) => ({ default: m.SettingsPage }))) },
            { path: '*', lazy: lazyPage(() => import('./pages/NotFoundPage').then((m) => ({ default: m.NotFoundPage }))) },
          ],
        },
      ],
    },
  ]);
}
