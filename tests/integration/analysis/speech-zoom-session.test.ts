/**
 * Issue 14 end to end: the recording from the issue (speech in a −46 dBFS room, Zoom per-participant tracks) imported
 * as a Zoom folder and analysed through the HTTP API the review page reads. Before the adaptive detector this
 * reported the whole recording as each speaker's talk time (50/50 shares).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateMediaTools } from '../../../main/platform/ffmpeg-locate.js';
import { startTestServer, type Loose, type TestServer } from '../../helpers/server.js';
import {
  buildCondition,
  cleanSpeech,
  ESPEAK_MISSING,
  hasEspeak,
  spanTotal,
  type SpeechFixture,
} from '../../helpers/speech-fixtures.js';
import { killFfmpegWith, waitUntil } from '../analysis-api/helpers.js';

const skipReason = hasEspeak() ? null : ESPEAK_MISSING;
if (skipReason) console.warn(`speech Zoom-session test skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)(
  `a Zoom meeting in an ordinary room, through the API${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    let dir: string;
    let server: TestServer;
    let fx: SpeechFixture;
    let final: Loose;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'filmroom-speech-zoom-'));
      fx = buildCondition(join(dir, 'fx'), cleanSpeech(join(dir, 'clean')), {
        name: 'pink −46',
        noise: { kind: 'pink', db: -46 },
      });
      const folder = join(dir, '2024-11-02 09.05.00 Goal review');
      mkdirSync(join(folder, 'Audio Record'), { recursive: true });
      // The meeting video: a small still picture carrying the mixed room audio.
      execFileSync(locateMediaTools().ffmpeg, [
        ...['-hide_banner', '-v', 'error', '-y', '-f', 'lavfi', '-i', `color=c=gray:s=160x90:r=10:d=${fx.durationS}`],
        ...['-i', fx.mixed, '-shortest', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'copy'],
        join(folder, 'video1730538300.mp4'),
      ]);
      copyFileSync(fx.coachTrack, join(folder, 'Audio Record', 'audioCoachKim11730538300.m4a'));
      copyFileSync(fx.clientTrack, join(folder, 'Audio Record', 'audioLeePark21730538300.m4a'));

      server = await startTestServer({ watchFolders: false, autoAnalyze: false });
      const imported = await server.api('/api/v1/sessions/import', { method: 'POST', json: { path: folder } });
      expect(imported.status, JSON.stringify(imported.body)).toBe(202);
      const id = imported.body.sessions[0].id as string;
      await waitUntil(
        async () => {
          const s = await server.api(`/api/v1/sessions/${id}`);
          return s.body.status !== 'pending' && s.body.status !== 'importing' ? s.body : undefined;
        },
        { what: 'import' },
      );
      expect((await server.api(`/api/v1/sessions/${id}/analyze`, { method: 'POST' })).status).toBe(202);
      final = await waitUntil(
        async () => {
          const r = await server.api(`/api/v1/sessions/${id}/analysis`);
          return ['ready', 'failed', 'cancelled'].includes(r.body.status) ? r.body : undefined;
        },
        { what: 'analysis end', timeoutMs: 240_000 },
      );
    }, 300_000);

    afterAll(async () => {
      if (server) killFfmpegWith(server.app.paths.libraryDir);
      await server?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('talk times and shares a coach would agree with (within 3% of the spoken time)', () => {
      expect(final.status).toBe('ready');
      const speakers = final.data.speakers;
      expect(speakers.source).toBe('participant_audio');
      const coach = (speakers.per_speaker as Loose[]).find((s) => /kim/i.test(s.name));
      const client = (speakers.per_speaker as Loose[]).find((s) => /lee/i.test(s.name));
      const a = spanTotal(fx.truth.coach);
      const b = spanTotal(fx.truth.client);
      expect(Math.abs(coach?.talk_time_s - a) / a).toBeLessThan(0.03);
      expect(Math.abs(client?.talk_time_s - b) / b).toBeLessThan(0.03);
      expect(Math.abs(coach?.share - a / (a + b))).toBeLessThan(0.02);
      const total = final.data.speech.talk_time_s as number;
      expect(Math.abs(total - (a + b)) / (a + b)).toBeLessThan(0.03);
    });
  },
);
