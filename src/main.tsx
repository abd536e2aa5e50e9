// Entry point: mounts the app shell. Nothing else belongs here.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { installConsoleApi } from './app/consoleApi';
import './ui/theme.css';

installConsoleApi();
const rootEl = document.getElementById('root');
if (!rootEl) throw new Error('index.html has no #root element');
createRoot(rootEl).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
