/** Readable messages for the user: errors stay until dismissed (a failure must not vanish unread), notices fade after 6 s. */
import { create } from 'zustand';

export type ToastKind = 'error' | 'success' | 'info';

export interface Toast {
  id: number;
  kind: ToastKind;
  text: string;
}

interface ToastState {
  toasts: Toast[];
  push(kind: ToastKind, text: string): void;
  dismiss(id: number): void;
}

let nextId = 1;
const LIFETIME_MS: Record<ToastKind, number | null> = { error: null, success: 6_000, info: 6_000 };

export const useToasts = create<ToastState>()((set, get) => ({
  toasts: [],
  push(kind, text) {
    const id = nextId++;
    // Identical messages in a burst (e.g. several failed requests) are shown once.
    if (get().toasts.some((t) => t.text === text && t.kind === kind)) return;
    set((s) => ({ toasts: [...s.toasts.slice(-4), { id, kind, text }] }));
    const lifetime = LIFETIME_MS[kind];
    if (lifetime !== null) setTimeout(() => get().dismiss(id), lifetime);
  },
  dismiss(id) {
    set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
  },
}));

export const toast = {
  error: (text: string) => useToasts.getState().push('error', text),
  success: (text: string) => useToasts.getState().push('success', text),
  info: (text: string) => useToasts.getState().push('info', text),
};
