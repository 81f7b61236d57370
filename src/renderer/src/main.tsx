import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './i18n';
import { initTheme } from './theme/theme-store';
import { connectToLab } from './transport/connect';
import './styles.css';

// Before the first paint, so the page never flashes the other theme's colours.
initTheme();
const connection = connectToLab();
const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <App connection={connection} />
  </StrictMode>,
);
