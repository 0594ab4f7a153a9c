/**
 * The later files of a form whose file field may repeat: the parser pushes each as it reaches it, the upload
 * handler takes them in order. The form's end answers null; a failed form rejects whoever waits, so a handler
 * never waits on a file that will not come.
 */
import type { UploadedFile } from '../platform/http-variants.js';

export class UploadFileQueue {
  #items: UploadedFile[] = [];
  #waiters: { resolve(file: UploadedFile | null): void; reject(error: unknown): void }[] = [];
  #closed = false;
  #error: unknown = undefined;

  push(file: UploadedFile): void {
    const waiter = this.#waiters.shift();
    if (waiter) waiter.resolve(file);
    else this.#items.push(file);
  }

  /** No more files: waiting handlers get null. */
  close(): void {
    this.#closed = true;
    for (const waiter of this.#waiters.splice(0)) waiter.resolve(null);
  }

  fail(error: unknown): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#error = error;
    for (const waiter of this.#waiters.splice(0)) waiter.reject(error);
  }

  next(): Promise<UploadedFile | null> {
    const item = this.#items.shift();
    if (item) return Promise.resolve(item);
    if (this.#error !== undefined) return Promise.reject(this.#error);
    if (this.#closed) return Promise.resolve(null);
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }
}
