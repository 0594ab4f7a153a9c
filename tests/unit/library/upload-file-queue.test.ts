import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { UploadFileQueue } from '../../../main/api/upload-file-queue.js';

const file = (fileName: string) => ({ file: new PassThrough(), fileName });

describe('UploadFileQueue', () => {
  it('hands files over in order, whether they come before or after the handler asks', async () => {
    const q = new UploadFileQueue();
    q.push(file('a'));
    expect((await q.next())?.fileName).toBe('a');
    const later = q.next();
    q.push(file('b'));
    expect((await later)?.fileName).toBe('b');
  });

  it("answers null at the form's end, and rejects once the form failed", async () => {
    const q = new UploadFileQueue();
    const waiting = q.next();
    q.close();
    expect(await waiting).toBeNull();
    expect(await q.next()).toBeNull();

    const failed = new UploadFileQueue();
    const pending = failed.next();
    failed.fail(new Error('client left'));
    await expect(pending).rejects.toThrow('client left');
    await expect(failed.next()).rejects.toThrow('client left');
  });
});
