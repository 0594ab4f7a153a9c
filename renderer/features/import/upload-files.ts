/** Uploads picked or dropped files one by one (multipart), with a progress bar each in the imports store. */
import type { UploadFields, UploadRecording } from '../../api/upload.js';
import type { ImportsStore } from '../../stores/imports-store.js';
import { mergeOutcomes, outcomeFromError, outcomeFromResult, type ImportOutcome } from './import-outcome.js';

let uploadCounter = 0;

export async function uploadFiles(
  upload: UploadRecording,
  imports: ImportsStore,
  files: readonly File[],
  fields: UploadFields = {},
): Promise<ImportOutcome> {
  const outcomes: ImportOutcome[] = [];
  for (const file of files) {
    const id = `upload-${++uploadCounter}`;
    const progress = imports.getState();
    progress.upsert(id, { label: `Uploading ${file.name}`, bytesDone: 0, bytesTotal: file.size });
    try {
      const result = await upload(file, fields, (sent, total) =>
        imports.getState().upsert(id, { bytesDone: sent, bytesTotal: total }),
      );
      imports.getState().finish(id, 'done');
      outcomes.push(outcomeFromResult(result));
    } catch (error) {
      const outcome = outcomeFromError(error);
      imports.getState().finish(id, 'failed', outcome.messages[0]);
      outcomes.push({ ...outcome, messages: outcome.messages.map((m) => `${file.name}: ${m}`) });
    }
  }
  return mergeOutcomes(outcomes);
}
