/**
 * Uploads planned groups one by one (multipart: a recording with the files that go with it, one session each),
 * with a progress bar per group in the imports store.
 */
import type { UploadFields, UploadRecording } from '../../api/upload.js';
import type { ImportsStore } from '../../stores/imports-store.js';
import { mergeOutcomes, outcomeFromError, outcomeFromResult, type ImportOutcome } from './import-outcome.js';
import { groupFiles, type UploadGroup } from './upload-groups.js';

let uploadCounter = 0;

export async function uploadGroups(
  upload: UploadRecording,
  imports: ImportsStore,
  groups: readonly UploadGroup<File>[],
  fields: UploadFields = {},
): Promise<ImportOutcome> {
  const outcomes: ImportOutcome[] = [];
  for (const group of groups) {
    const files = groupFiles(group);
    const name = group.recording.name;
    const id = `upload-${++uploadCounter}`;
    const size = files.reduce((sum, f) => sum + f.size, 0);
    const label = files.length > 1 ? `Uploading ${name} with ${files.length - 1} more` : `Uploading ${name}`;
    imports.getState().upsert(id, { label, bytesDone: 0, bytesTotal: size });
    try {
      const result = await upload(files, fields, (sent, total) =>
        imports.getState().upsert(id, { bytesDone: sent, bytesTotal: total }),
      );
      imports.getState().finish(id, 'done');
      outcomes.push(outcomeFromResult(result));
    } catch (error) {
      const outcome = outcomeFromError(error);
      imports.getState().finish(id, 'failed', outcome.messages[0]);
      outcomes.push({ ...outcome, messages: outcome.messages.map((m) => `${name}: ${m}`) });
    }
  }
  return mergeOutcomes(outcomes);
}
