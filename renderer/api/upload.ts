/**
 * Multipart upload of a recording to `POST /api/v1/sessions/import` (field `file`; repeated for the files that go
 * with the recording, such as its transcript, which the server groups into one session). HTTP only, so it sits beside
 * the catalogue client rather than in it. XMLHttpRequest rather than fetch: it reports upload progress.
 */
import { ApiError, contract, type ImportResult } from '../../shared/contract/index.js';
import { UNREACHABLE } from './http-client.js';
import { interpretResponse } from './http-request.js';

export interface UploadFields {
  title?: string;
  client?: string;
  copy?: boolean;
}

export type UploadRecording = (
  file: File | readonly File[],
  fields?: UploadFields,
  onProgress?: (sent: number, total: number) => void,
) => Promise<ImportResult>;

export function createUploader(baseUrl: string, token: string | null): UploadRecording {
  return (file, fields = {}, onProgress) =>
    new Promise<ImportResult>((resolve, reject) => {
      const form = new FormData();
      // Fields before the file: the server reads them as the stream goes by.
      for (const [key, value] of Object.entries(fields)) {
        if (value !== undefined && value !== '') form.append(key, String(value));
      }
      const files: readonly File[] = Array.isArray(file) ? file : [file as File];
      for (const one of files) form.append('file', one, one.name);
      const size = files.reduce((sum, f) => sum + f.size, 0);
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `${baseUrl.replace(/\/+$/, '')}${contract.sessions.import.path}`);
      xhr.setRequestHeader('accept', 'application/json');
      if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
      xhr.upload.onprogress = (e) => onProgress?.(e.loaded, e.lengthComputable ? e.total : size);
      xhr.onerror = () => reject(new ApiError(UNREACHABLE, 'Cannot reach Filmroom. Is the server still running?'));
      xhr.onload = () => {
        try {
          const parts = {
            status: xhr.status,
            statusText: xhr.statusText,
            contentType: xhr.getResponseHeader('content-type'),
            text: xhr.responseText,
          };
          resolve(interpretResponse(parts) as ImportResult);
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      };
      xhr.send(form);
    });
}
