/** Renderer entry: choose the transport (IPC under Electron, HTTP in a browser), build the stores, render. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createTransport } from './api/transport.js';
import { App } from './App.js';
import { createServices } from './app/services.js';
import './styles/base.css';
import './styles/layout.css';
import './styles/table.css';
import './styles/overlays.css';
import './styles/review.css';
import './styles/review-panels.css';
import './styles/review-lists.css';

const services = createServices(createTransport());
const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
createRoot(root).render(
  <StrictMode>
    <App services={services} />
  </StrictMode>,
);
