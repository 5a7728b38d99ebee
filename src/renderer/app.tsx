// The renderer's entry: language first (so the first paint is in the right one), then the
// transport, the query cache and the router.
// First import on purpose: see earlyTransport.ts.
import { initialCalls, transport } from './api/earlyTransport';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router-dom';
import { afterCallsSent } from './api/firstFrame';
import { createQueryClient } from './api/queryClient';
import { TransportProvider } from './api/transportContext';
import { initI18n } from './i18n/i18n';
import { warmIntl } from './i18n/warmIntl';
import { pickInitialLanguage, readStoredLanguage } from './i18n/language';
import { createAppRouter } from './router';
import './styles/base.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/tables.css';
import './styles/forms.css';
import './styles/panels.css';

initI18n(pickInitialLanguage(readStoredLanguage(), navigator.languages));

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
afterCallsSent(
  transport.connection,
  () => {
    render();
    warmIntl();
  },
  100,
);
