import './csp'; // first: before the shared schemas are built
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { dropPrefetched } from './api/prefetch';
import { App } from './app/App';
import { I18nProvider } from './i18n/i18n';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <App />
    </I18nProvider>
  </StrictMode>,
);

// What index.html fetched ahead and nobody took (another page, another token) is let go.
setTimeout(dropPrefetched, 20_000);
