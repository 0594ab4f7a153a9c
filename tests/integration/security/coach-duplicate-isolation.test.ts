/**
 * Issue 11 item 4: duplicate detection stays within what the caller may see. Coach B importing a file coach A
 * already has gets its own session, and no answer to B names A's session or title.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeVideo } from '../../helpers/media.js';
import { startTestServer, tempDir, type TestServer } from '../../helpers/server.js';
import { uploadMultipart } from '../analysis-api/helpers.js';

let srv: TestServer;
let coachA: string;
let coachB: string;
let video: string;

beforeAll(async () => {
  srv = await startTestServer();
  coachA = srv.app.tokens.createCoachToken('coach-a');
  coachB = srv.app.tokens.createCoachToken('coach-b');
  video = makeVideo(tempDir(), 'Private session of coach A.mp4');
});
afterAll(async () => {
  await srv?.close();
});

const upload = (token: string) =>
  uploadMultipart(srv.url, '/api/v1/sessions/import', video, { token, fileField: 'file' });

describe('duplicates across coaches', () => {
  it("coach B's copy of coach A's file is B's own session; B's second copy names only B's session", async () => {
    const a = await upload(coachA);
    expect(a.status, a.text).toBe(202);
    const aId = (a.body as { sessions: { id: string }[] }).sessions[0]!.id;

    const b = await upload(coachB);
    expect(b.status, b.text).toBe(202);
    expect(b.text).not.toContain(aId);
    const bId = (b.body as { sessions: { id: string }[] }).sessions[0]!.id;
    const bSession = await srv.api(`/api/v1/sessions/${bId}`, { token: coachB });
    expect(bSession.body.coach_id).toBe('coach-b');

    const again = await upload(coachB);
    expect(again.status, again.text).toBe(409);
    expect(again.body).toMatchObject({ code: 409, existing_session_id: bId });
    expect(again.text).not.toContain(aId);
  });

  it('an admin, who sees every coach, is told about the copy that exists', async () => {
    const r = await uploadMultipart(srv.url, '/api/v1/sessions/import', video, { token: srv.admin, fileField: 'file' });
    expect(r.status, r.text).toBe(409);
  });
});
