/**
 * Files dropped anywhere on the window: in the browser they open the import dialog, which shows how they group
 * (a recording with its same-named transcript is one session) before uploading them; under Electron their paths
 * come from the bridge (webUtils.getPathForFile; File.path is gone) and each recording is imported by path, like
 * files chosen in the native picker (the server takes its same-named transcript from beside it).
 */
import { useEffect, useState } from 'react';
import { useServices } from '../../app/services.js';
import { toast } from '../../stores/toast-store.js';
import type { Transport } from '../../api/transport.js';
import { errorMessage } from '../../lib/error-message.js';
import { backToLibrary } from '../review/route.js';
import { planUploads } from './upload-groups.js';

/** The event the library view answers by opening the import dialog with the dropped files. */
export const FILES_DROPPED = 'filmroom:files-dropped';
export type FilesDroppedEvent = CustomEvent<{ files: File[] }>;

/** Electron: dropped files have paths on this machine, so they are imported like picked files (copied by path). */
async function importDroppedPaths(transport: Transport, files: File[]): Promise<void> {
  const plan = planUploads(files);
  for (const stray of plan.strays) toast.info(`${stray.file.name}: ${stray.reason}`);
  const paths = plan.groups.map((g) => transport.pathForFile?.(g.recording) ?? '').filter((p) => p !== '');
  if (paths.length === 0) {
    toast.info('These files have no path on this computer: use Import… → Choose… to pick them.');
    return;
  }
  let imported = 0;
  for (const path of paths) {
    try {
      const result = await transport.client.sessions.import({ path });
      imported += result.sessions.length;
      for (const r of result.refused) toast.error(`${r.path}: ${r.reason}`);
    } catch (error) {
      toast.error(errorMessage(error));
    }
  }
  if (imported > 0) toast.success(`Imported ${imported} from the drop`);
}

function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}

export function DropZone() {
  const { transport } = useServices();
  const [over, setOver] = useState(false);

  useEffect(() => {
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      depth += 1;
      setOver(true);
    };
    const overHandler = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault(); // allows the drop
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(false);
    };
    const drop = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault(); // never navigate to the dropped file
      depth = 0;
      setOver(false);
      const files = [...(e.dataTransfer?.files ?? [])];
      if (files.length === 0) return;
      const uploader = transport.uploadRecording;
      if (!uploader && transport.pathForFile) {
        void importDroppedPaths(transport, files);
        return;
      }
      if (!uploader) {
        toast.info('Dropped files cannot be imported here: use Import… → Choose… to pick them.');
        return;
      }
      backToLibrary(); // the import dialog belongs to the library screen
      window.dispatchEvent(new CustomEvent(FILES_DROPPED, { detail: { files } }) satisfies FilesDroppedEvent);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', overHandler);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', overHandler);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [transport]);

  if (!over) return null;
  return (
    <div className="drop-overlay" aria-hidden="true" data-testid="drop-overlay">
      <div className="drop-card">Drop recordings to import them</div>
    </div>
  );
}
