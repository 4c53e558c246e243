import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../common/style.css';
import './rate.css';
import { RateApp } from './RateApp.js';

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <RateApp />
    </StrictMode>,
  );
