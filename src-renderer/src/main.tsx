import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiClient } from './api/api-client';
import { ApiProvider } from './api/api-context';
import { trackConnection } from './state/connection-store';
import { AppShell } from './shell/app-shell';
import './styles.css';

const api = createApiClient();
trackConnection(api);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ApiProvider api={api}>
      <AppShell />
    </ApiProvider>
  </StrictMode>,
);
