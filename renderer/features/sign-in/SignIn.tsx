/**
 * The browser app's front door when it has no working token (a bookmark, a new tab, a restarted server): what
 * Filmroom is asking for and where to find it, a box for the printed link or the token, and "Stay signed in".
 * Shown instead of the app, so there are no failing requests and no red banners behind it.
 */
import { useState, type FormEvent } from 'react';
import { browserTokenEnv } from '../../api/transport.js';
import { saveToken, tokenFromInput } from '../../api/token.js';
import { checkToken } from './check-token.js';

export type SignInReason = 'missing' | 'rejected';

export function SignIn({ reason }: { reason: SignInReason }) {
  const [input, setInput] = useState('');
  const [remember, setRemember] = useState(true);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(
    reason === 'rejected' ? 'The saved sign-in is no longer accepted (Filmroom was reset or the token changed).' : null,
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const token = tokenFromInput(input);
    if (!token) {
      setProblem('Paste the whole link Filmroom printed (it ends with #token=…), or just the token.');
      return;
    }
    setBusy(true);
    const check = await checkToken(window.location.origin, token);
    setBusy(false);
    if (check === 'rejected') setProblem('Filmroom did not accept this token. Run `filmroom open` for a fresh link.');
    else if (check === 'unreachable') setProblem('Cannot reach Filmroom. Is `filmroom serve` still running?');
    else {
      saveToken(browserTokenEnv(), token, remember);
      window.location.reload();
    }
  };

  return (
    <main className="sign-in" data-testid="sign-in">
      <form className="sign-in-card" onSubmit={(e) => void submit(e)} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title" className="brand">
          <span className="brand-mark" aria-hidden="true">
            ▶
          </span>{' '}
          Sign in to Filmroom
        </h1>
        <p>
          Filmroom runs on this computer and only opens for someone holding its access link. Open the link that{' '}
          <code>filmroom serve</code> printed when it started — it ends with <code>#token=…</code>. Lost it? Run{' '}
          <code>npx filmroom open</code> in the Filmroom folder to print it again.
        </p>
        <label className="form-row">
          <span>Link or token</span>
          <input
            type="password"
            value={input}
            onChange={(e) => setInput(e.target.value)}
            placeholder="http://127.0.0.1:47800/#token=…"
            autoComplete="off"
            spellCheck={false}
            autoFocus
            data-testid="sign-in-token"
          />
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} />
          <span>Stay signed in on this browser (bookmarks and new tabs open directly)</span>
        </label>
        {problem ? (
          <p className="error-text" role="alert" data-testid="sign-in-problem">
            {problem}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="submit" className="button primary" disabled={busy || input.trim() === ''}>
            {busy ? 'Checking…' : 'Sign in'}
          </button>
        </div>
      </form>
    </main>
  );
}
