// The app proper, loaded by main.tsx once the engine connection is on its way: language first (so
// the first paint is in the right one), then the query cache and the router.
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router-dom';
import { afterCallsSent } from './api/firstFrame';
import type { InitialCalls } from './api/initialCalls';
import type { Transport } from './api/connectionStatus';
import { createQueryClient } from './api/queryClient';
import { TransportProvider } from './api/transportContext';
import { initI18n } from './i18n/i18n';
import { warmIntl } from './i18n/warmIntl';
import { pickInitialLanguage, readStoredLanguage } from './i18n/language';
import { createAppRouter } from './router';

/** Renders the app on `transport`, whose first answers (`initialCalls`) are already in flight. */
export function startApp(transport: Transport, initialCalls: InitialCalls): void {
  const languageLoaded = initI18n(pickInitialLanguage(readStoredLanguage(), navigator.languages));

  const queryClient = createQueryClient();
  // The hooks of the first page find these answers in flight instead of asking again.
  for (const [name, answer] of initialCalls) void queryClient.prefetchQuery({ queryKey: [name], queryFn: () => answer });
  const router = createAppRouter();

  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root element');

  const render = () =>
    createRoot(root).render(
      <StrictMode>
        <TransportProvider transport={transport}>
          <QueryClientProvider client={queryClient}>
            <RouterProvider router={router} />
          </QueryClientProvider>
        </TransportProvider>
      </StrictMode>,
    );

  // Rendered while the engine prepares the first answers (see firstFrame.ts); the formatters the
  // answers will need are built right after, still before those answers arrive.
  // A window opening in Russian loads its messages first (i18n.ts), during that wait too. If they
  // cannot load (a broken install), the window still opens, in English.
  const show = () => {
    render();
    warmIntl();
  };
  afterCallsSent(
    transport.connection,
    () =>
      void languageLoaded.then(show, (error: unknown) => {
        console.error('could not load the messages of the chosen language', error);
        show();
      }),
    100,
  );
}
