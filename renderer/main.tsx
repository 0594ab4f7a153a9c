/**
 * Renderer entry: choose the transport (IPC under Electron, HTTP in a browser), build the stores, render. In a
 * browser without a working token the sign-in screen is shown instead of the app.
 */
import './lib/zod-csp.js'; // first: before any schema is built
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { forgetToken } from './api/token.js';
import { browserTokenEnv, createTransport } from './api/transport.js';
import { App } from './App.js';
import { createServices } from './app/services.js';
import { checkToken } from './features/sign-in/check-token.js';
import { SignIn } from './features/sign-in/SignIn.js';
import './styles/base.css';
import './styles/layout.css';
import './styles/table.css';
import './styles/scrubber.css';
import './styles/grid.css';
import './styles/overlays.css';
import './styles/review.css';
import './styles/review-panels.css';
import './styles/review-lists.css';
import './styles/shell.css';

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html lacks #root');
const root = createRoot(rootElement);
const render = (node: ReactNode) => root.render(<StrictMode>{node}</StrictMode>);

async function start(): Promise<void> {
  const transport = createTransport();
  if (transport.kind === 'http') {
    if (transport.missingToken) return render(<SignIn reason="missing" />);
    // A stored or bookmarked token the server no longer accepts: back to the sign-in screen, not red banners.
    const token = transport.token;
    if (token && (await checkToken(window.location.origin, token)) === 'rejected') {
      forgetToken(browserTokenEnv());
      return render(<SignIn reason="rejected" />);
    }
  }
  render(<App services={createServices(transport)} />);
}

void start();
