/**
 * A modal on the native <dialog>: the browser gives focus trapping, Escape, the backdrop and inertness of the page
 * behind it. Mounted when shown; Escape and the close button call `onClose` unless `busy`.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Place, PlaceSection, useDialogHost } from './Place.js';

interface DialogProps {
  title: string;
  onClose(): void;
  busy?: boolean;
  testId?: string;
  children: ReactNode;
  /** Buttons row at the bottom. */
  actions: ReactNode;
  /** Room for lists and previews (import, settings). */
  wide?: boolean;
  /** Shown as a place (see Place.tsx): these buttons instead of `actions` (which close the dialog). */
  placeActions?: ReactNode;
}

export function Dialog(props: DialogProps) {
  const host = useDialogHost();
  if (host.kind === 'place') {
    return (
      <Place title={props.title} testId={props.testId} actions={props.placeActions}>
        {props.children}
      </Place>
    );
  }
  if (host.kind === 'section') {
    return (
      <PlaceSection title={host.title ?? props.title} testId={props.testId} actions={props.placeActions}>
        {props.children}
      </PlaceSection>
    );
  }
  return <ModalDialog {...props} />;
}

function ModalDialog({ title, onClose, busy = false, testId, children, actions, wide = false }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  return (
    <dialog
      ref={ref}
      className={wide ? 'dialog dialog-wide' : 'dialog'}
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      aria-busy={busy}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault(); // React owns whether the dialog is shown
        if (!busy) onClose();
      }}
    >
      <h2 id={titleId} className="dialog-title">
        {title}
      </h2>
      <div id={bodyId} className="dialog-body">
        {children}
      </div>
      <div className="dialog-actions">{actions}</div>
    </dialog>
  );
}
