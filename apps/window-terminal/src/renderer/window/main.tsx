import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../common/style.css';
import './terminal.css';
import { WindowApp } from './WindowApp.js';

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <WindowApp />
    </StrictMode>,
  );
