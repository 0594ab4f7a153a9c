/**
 * Readable messages for the user: errors stay until dismissed or until the user moves to another place (a failure
 * must not vanish unread, nor follow the user into a page it does not concern); notices fade after 6 s, or 10 s
 * when they offer an action such as Undo.
 */
import { create } from 'zustand';

export type ToastKind = 'error' | 'success' | 'info';

export interface ToastAction {
  label: string;
  run(): void;
}

export interface Toast {
  id: number;
  kind: ToastKind;
  text: string;
  action?: ToastAction;
}

interface ToastState {
  toasts: Toast[];
  push(kind: ToastKind, text: string, action?: ToastAction): void;
  dismiss(id: number): void;
  /** Leaving a place: its errors go (they concern what was on screen). */
  clearErrors(): void;
}

let nextId = 1;
const LIFETIME_MS: Record<ToastKind, number | null> = { error: null, success: 6_000, info: 6_000 };
const ACTION_LIFETIME_MS = 10_000;

export const useToasts = create<ToastState>()((set, get) => ({
  toasts: [],
  push(kind, text, action) {
    const id = nextId++;
    // Identical messages in a burst (e.g. several failed requests) are shown once.
    if (!action && get().toasts.some((t) => t.text === text && t.kind === kind)) return;
    set((s) => ({ toasts: [...s.toasts.slice(-4), { id, kind, text, ...(action ? { action } : {}) }] }));
    const lifetime = action ? ACTION_LIFETIME_MS : LIFETIME_MS[kind];
    if (lifetime !== null) setTimeout(() => get().dismiss(id), lifetime);
  },
  dismiss(id) {
    set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
  },
  clearErrors() {
    if (get().toasts.some((t) => t.kind === 'error'))
      set((s) => ({ toasts: s.toasts.filter((t) => t.kind !== 'error') }));
  },
}));

export const toast = {
  error: (text: string, action?: ToastAction) => useToasts.getState().push('error', text, action),
  success: (text: string, action?: ToastAction) => useToasts.getState().push('success', text, action),
  info: (text: string) => useToasts.getState().push('info', text),
};
