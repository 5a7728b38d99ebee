// Hash routes (`#/containers?kind=project`) work under both Electron's app:// origin and the browser
// shell, need no server-side fallback, and keep filters through a reload and the back button.
import { Outlet, createHashRouter } from 'react-router-dom';
import { AppFrame } from './components/AppFrame';
import { RouteError } from './components/RouteError';
import { RouteLoading } from './components/RouteLoading';
import { ContainersPage } from './pages/ContainersPage';

// The Containers page ships in the first bundle (it is the page people open and the heaviest to
// render); the others, with the forms and the schema library they validate with, load on demand.
// While one loads, the router keeps the current page up (AppFrame shows RouteProgress); when the
// app opens on one, RouteLoading stands in for it. A load that fails (an app update renamed the
// chunks, the server is gone) lands in RouteError like a crash does, with a reload offered.
const lazyPage = (load: () => Promise<{ default: React.ComponentType }>) => async () => ({ Component: (await load()).default });

export function createAppRouter() {
  return createHashRouter([
    {
      path: '/',
      element: <AppFrame />,
      children: [
        {
          // A page that crashes or cannot load is replaced by an error panel; the sidebar stays usable.
          // The fallback sits here, below AppFrame, so the sidebar shows while the first page loads.
          element: <Outlet />,
          errorElement: <RouteError />,
          HydrateFallback: RouteLoading,
          children: [
            { index: true, lazy: lazyPage(() => import('./pages/HomePage').then((m) => ({ default: m.HomePage }))) },
            { path: 'containers', element: <ContainersPage /> },
            // Asks Docker for everything on the host: loaded only when opened, never with the owned list.
            { path: 'containers/other', lazy: lazyPage(() => import('./pages/OtherContainersPage').then((m) => ({ default: m.OtherContainersPage }))) },
            // One container's detail panel; `/containers/:id/logs` (links from before the panel) opens its Logs tab.
            { path: 'containers/:id', lazy: lazyPage(() => import('./pages/ContainerDetailPage').then((m) => ({ default: m.ContainerDetailPage }))) },
            { path: 'containers/:id/:tab', lazy: lazyPage(() => import('./pages/ContainerDetailPage').then((m) => ({ default: m.ContainerDetailPage }))) },
            { path: 'workloads', lazy: lazyPage(() => import('./pages/WorkloadsPage').then((m) => ({ default: m.WorkloadsPage }))) },
            { path: 'workloads/:id', lazy: lazyPage(() => import('./pages/WorkloadDetailPage').then((m) => ({ default: m.WorkloadDetailPage }))) },
            { path: 'stale', lazy: lazyPage(() => import('./pages/StalePage').then((m) => ({ default: m.StalePage }))) },
            { path: 'hosts', lazy: lazyPage(() => import('./pages/HostsPage').then((m) => ({ default: m.HostsPage }))) },
            { path: 'settings', lazy: lazyPage(() => import('./pages/SettingsPage').then((m) => ({ default: m.SettingsPage }))) },
            { path: '*', lazy: lazyPage(() => import('./pages/NotFoundPage').then((m) => ({ default: m.NotFoundPage }))) },
          ],
        },
      ],
    },
  ]);
}
