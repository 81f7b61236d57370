import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connectToLab } from './transport/connect';
import './styles.css';

const connection = connectToLab();
const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <App connection={connection} />
  </StrictMode>,
);
