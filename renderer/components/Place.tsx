/**
 * A place of the sidebar (Trash, Uploads, Storage, Settings) as a page with its own URL, not a modal. A component
 * written as a dialog is shown as a place by wrapping it in <AsPlace>: its Dialog then renders as this page (its
 * `placeActions` instead of its close/cancel buttons); <AsSection> shows it as one section of a place. Dialogs
 * opened from inside a place are modals again.
 */
import { createContext, useContext, useId, type ReactNode } from 'react';

/** How a Dialog renders here: as a modal, as a whole place, or as a titled section of a place. */
export type DialogHost = { kind: 'modal' } | { kind: 'place' } | { kind: 'section'; title?: string };
const Host = createContext<DialogHost>({ kind: 'modal' });

export function AsPlace({ children }: { children: ReactNode }) {
  return <Host.Provider value={{ kind: 'place' }}>{children}</Host.Provider>;
}

/** A dialog shown as one section of a place (its title replaced by `title` when given). */
export function AsSection({ children, title }: { children: ReactNode; title?: string }) {
  return <Host.Provider value={{ kind: 'section', ...(title ? { title } : {}) }}>{children}</Host.Provider>;
}

export function useDialogHost(): DialogHost {
  return useContext(Host);
}

export function PlaceSection({
  title,
  testId,
  children,
  actions,
}: {
  title: string;
  testId?: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  const titleId = useId();
  return (
    <section className="place-section" aria-labelledby={titleId} data-testid={testId}>
      <h3 id={titleId} className="place-section-title">
        {title}
      </h3>
      <Host.Provider value={{ kind: 'modal' }}>
        {children}
        {actions ? <div className="place-actions">{actions}</div> : null}
      </Host.Provider>
    </section>
  );
}

interface PlaceProps {
  title: string;
  testId?: string;
  children: ReactNode;
  actions?: ReactNode;
  /** One line under the title saying what the place is for. */
  lead?: ReactNode;
}

export function Place({ title, testId, children, actions, lead }: PlaceProps) {
  const titleId = useId();
  return (
    <main className="place" aria-labelledby={titleId} data-testid={testId} aria-busy="false">
      <header className="place-header">
        <h2 id={titleId} className="place-title">
          {title}
        </h2>
        {lead ? <p className="muted place-lead">{lead}</p> : null}
      </header>
      <Host.Provider value={{ kind: 'modal' }}>
        <div className="place-body">{children}</div>
        {actions ? <div className="place-actions">{actions}</div> : null}
      </Host.Provider>
    </main>
  );
}
