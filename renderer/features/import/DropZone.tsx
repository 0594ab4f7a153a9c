/**
 * Files dropped anywhere on the window: in the browser they are uploaded (multipart) with a progress bar each;
 * under Electron their paths come from the bridge (webUtils.getPathForFile; File.path is gone) and they are
 * imported by path, like files chosen in the native picker.
 */
import { useEffect, useState } from 'react';
import { useServices } from '../../app/services.js';
import { toast } from '../../stores/toast-store.js';
import { uploadFiles } from './upload-files.js';
import type { Transport } from '../../api/transport.js';
import { errorMessage } from '../../lib/error-message.js';

/** Electron: dropped files have paths on this machine, so they are imported like picked files (copied by path). */
async function importDroppedPaths(transport: Transport, files: File[]): Promise<void> {
  const paths = files.map((f) => transport.pathForFile?.(f) ?? '').filter((p) => p !== '');
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
  const { transport, imports, library } = useServices();
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
      void uploadFiles(uploader, imports, files).then((outcome) => {
        if (outcome.imported.length > 0) toast.success(`Imported ${outcome.imported.length} from the drop`);
        for (const message of outcome.messages) toast.error(message);
        for (const r of outcome.refused) toast.error(`${r.path}: ${r.reason}`);
        if (outcome.imported.length > 0 && library.getState().rows.length === 0) void library.getState().reload();
      });
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
  }, [transport, imports, library]);

  if (!over) return null;
  return (
    <div className="drop-overlay" aria-hidden="true" data-testid="drop-overlay">
      <div className="drop-card">Drop recordings to import them</div>
    </div>
  );
}
