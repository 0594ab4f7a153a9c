/** "Export notes (Markdown)" and "Export transcript (VTT)" for the session under review, as file downloads. */
import type { Marker, Session } from '../../../shared/contract/index.js';
import { exportFileName, reviewMarkdown, transcriptVtt } from './review-export.js';
import type { TranscriptSegment } from './use-review-data.js';

function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

interface ExportButtonsProps {
  session: Session;
  markers: readonly Marker[];
  segments: readonly TranscriptSegment[];
}

export function ExportButtons({ session, markers, segments }: ExportButtonsProps) {
  return (
    <div className="export-buttons">
      <button
        type="button"
        className="button small"
        onClick={() =>
          download(exportFileName(session.title, 'md'), reviewMarkdown(session, markers, segments), 'text/markdown')
        }
        data-testid="export-markdown"
      >
        Export notes (Markdown)
      </button>
      <button
        type="button"
        className="button small"
        disabled={segments.length === 0}
        title={segments.length === 0 ? 'This session has no transcript' : undefined}
        onClick={() => download(exportFileName(session.title, 'vtt'), transcriptVtt(segments), 'text/vtt')}
        data-testid="export-vtt"
      >
        Export transcript (VTT)
      </button>
    </div>
  );
}
