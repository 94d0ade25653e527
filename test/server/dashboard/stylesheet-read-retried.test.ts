/**
 * The dashboard's stylesheet after a failed read: found in review, the read's promise was kept
 * whether it succeeded or not, so one failed read (EMFILE under a burst of connections, EIO, the
 * file replaced mid-deploy) answered every later `GET /dashboard/dashboard.css` 500 until the
 * process restarted — the dashboard unstyled for every merchant, while its module
 * (bundle.ts, browserBundle) retries a failed load on the next request. The stylesheet now does too.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dashboardRoutes } from '../../../server/dashboard/routes.ts';

describe('the dashboard stylesheet after a failed read', () => {
  let dir = '';
  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('is read again on the next request, not failed for good', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'dashboard-css-'));
    const file = path.join(dir, 'dashboard.css');
    const app = dashboardRoutes({ merchantName: 'Shop', stylesheetFile: file });

    const failed = await app.request('/dashboard/dashboard.css');
    assert.equal(failed.status, 500, 'the file is not there yet');

    await writeFile(file, 'body { color: black; }\n');
    const response = await app.request('/dashboard/dashboard.css');
    assert.equal(response.status, 200, 'the read that failed once is tried again');
    assert.match(response.headers.get('content-type') ?? '', /^text\/css/);
    assert.equal(await response.text(), 'body { color: black; }\n');
  });
});
