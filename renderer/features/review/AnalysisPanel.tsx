/**
 * Analysis status with live progress and a cancel button (or "Analyze" when there is none, the reason when it
 * failed), quality warnings, and the figures: talk and silence time, longest monologue, loudness, talk per speaker.
 */
import { useState } from 'react';
import type { AnalysisResult } from '../../../shared/contract/index.js';
import { useServices } from '../../app/services.js';
import { errorMessage } from '../../lib/error-message.js';
import { toast } from '../../stores/toast-store.js';
import { confidenceWords, qualityWarnings, type ReviewAnalysis } from './review-model.js';
import { formatSpan } from '../../lib/format.js';
import type { SpeakerEdits } from './SpeakerActions.js';
import { TalkTimeChart } from './TalkTimeChart.js';

interface AnalysisPanelProps {
  sessionId: string;
  /** False when there is no readable recording: analyzing it could only fail again. */
  playable: boolean;
  result: AnalysisResult | null;
  analysis: ReviewAnalysis | null;
  /** Each speaker's colour (the waveform's and the who-spoke-when lane's). */
  speakerColours?: ReadonlyMap<string, string>;
  onResult(result: AnalysisResult): void;
  refresh(): Promise<void>;
}

const STATUS_TEXT: Record<AnalysisResult['status'], string> = {
  none: 'Not analyzed',
  queued: 'Queued',
  processing: 'Analyzing',
  ready: 'Ready',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export function AnalysisPanel({
  sessionId,
  playable,
  result,
  analysis,
  speakerColours,
  onResult,
  refresh,
}: AnalysisPanelProps) {
  const { transport } = useServices();
  const [busy, setBusy] = useState(false);
  const status = result?.status ?? 'none';
  const running = status === 'queued' || status === 'processing';
  const progress = Math.round(result?.progress ?? 0);

  const act = async (what: 'analyze' | 'cancel') => {
    setBusy(true);
    try {
      if (what === 'cancel') onResult(await transport.client.analysis.cancel({ id: sessionId }));
      else {
        await transport.client.analysis.analyze({ id: sessionId, analysis_type: 'full' });
        await refresh();
      }
    } catch (error) {
      toast.error(`Could not ${what} this session: ${errorMessage(error)}`);
    } finally {
      setBusy(false);
    }
  };

  const edits: SpeakerEdits = {
    rename: async (from, to) => {
      try {
        onResult(await transport.client.analysis.renameSpeaker({ id: sessionId, speaker: from, name: to }));
        return true;
      } catch (error) {
        toast.error(`Could not rename ${from}: ${errorMessage(error)}`);
        return false;
      }
    },
    merge: async (from, into) => {
      try {
        onResult(await transport.client.analysis.mergeSpeakers({ id: sessionId, from, into }));
        toast.success(`${from} merged into ${into}`);
        return true;
      } catch (error) {
        toast.error(`Could not merge ${from} into ${into}: ${errorMessage(error)}`);
        return false;
      }
    },
  };

  const warnings = analysis ? qualityWarnings(analysis.quality) : [];
  return (
    <section className="panel analysis-panel" aria-labelledby="analysis-heading">
      <div className="analysis-status">
        <h3 id="analysis-heading" className="panel-title" data-testid="analysis-status" aria-live="polite">
          Analysis: {STATUS_TEXT[status]}
          {status === 'processing' ? ` ${progress}%` : ''}
        </h3>
        {running ? (
          <button type="button" className="button small" onClick={() => void act('cancel')} disabled={busy}>
            Cancel analysis
          </button>
        ) : playable && (status !== 'ready' || analysis === null) ? (
          <button type="button" className="button small primary" onClick={() => void act('analyze')} disabled={busy}>
            {status === 'none' ? 'Analyze' : 'Analyze again'}
          </button>
        ) : null}
      </div>
      {running ? (
        <div className="analysis-progress">
          <progress max={100} value={progress} aria-label="Analysis progress" data-testid="analysis-progress" />
          <span className="muted small">{result?.message || 'Waiting for a free slot…'}</span>
        </div>
      ) : null}
      {status === 'failed' ? (
        <p className="error-text" role="alert" data-testid="analysis-error">
          {result?.error ?? 'The analysis failed.'}
        </p>
      ) : null}
      {warnings.length > 0 ? (
        <ul className="quality-warnings" aria-label="Recording problems" data-testid="quality-warnings">
          {warnings.map((w) => (
            <li key={w}>⚠ {w}</li>
          ))}
        </ul>
      ) : null}
      {analysis ? <Figures analysis={analysis} colours={speakerColours} edits={edits} /> : null}
    </section>
  );
}

function Figures({
  analysis,
  colours,
  edits,
}: {
  analysis: ReviewAnalysis;
  colours?: ReadonlyMap<string, string>;
  edits: SpeakerEdits;
}) {
  const { speech, loudness } = analysis;
  return (
    <>
      <dl className="figures">
        {speech ? (
          <>
            <Figure label="Talk time" value={formatSpan(speech.talk_time_s)} />
            <Figure label="Silence" value={formatSpan(speech.silence_time_s)} />
            <Figure label="Longest monologue" value={formatSpan(speech.longest_monologue_s)} />
          </>
        ) : null}
        {loudness ? (
          <Figure
            label="Loudness"
            value={`${loudness.integrated_lufs.toFixed(1)} LUFS`}
            hint={`range ${loudness.range_lu.toFixed(1)} LU`}
          />
        ) : null}
      </dl>
      <h4 className="subheading">Talk time per speaker</h4>
      {analysis.speakerSource?.source === 'diarization' ? (
        <p className="muted small" data-testid="speakers-detected">
          Speakers detected from the audio — {confidenceWords(analysis.speakerSource.confidence)}
          {analysis.speakerSource.confidence !== null
            ? ` (${Math.round(analysis.speakerSource.confidence * 100)}%)`
            : ''}
          . Rename them, or merge two that are one person.
        </p>
      ) : null}
      <TalkTimeChart speakers={analysis.speakers} colours={colours} edits={edits} />
    </>
  );
}

function Figure({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="figure">
      <dt className="muted small">{label}</dt>
      <dd>
        {value}
        {hint ? <span className="figure-hint muted small">{hint}</span> : null}
      </dd>
    </div>
  );
}
