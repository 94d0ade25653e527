/**
 * Where the server finds its files (server/package-root.ts): from the TypeScript sources (dev
 * mode) the widget's own build and the sources; from the bundle (the installed package, and the
 * repository's bin when fresh) only what `npm run build` put into server/dist.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DASHBOARD_ENTRY, prebuiltPath } from '../../server/dashboard/bundle.ts';
import { PACKAGE_ROOT, packageFile, RUNNING_FROM_SOURCE, WIDGET_BUNDLE_DIR } from '../../server/package-root.ts';
import { ensureBuilt, ROOT } from '../packages/install.ts';

test('dev mode: the server package is server/, the widget bundle is the widget package’s build', () => {
  assert.equal(RUNNING_FROM_SOURCE, true);
  assert.equal(PACKAGE_ROOT, path.join(ROOT, 'server'));
  assert.equal(WIDGET_BUNDLE_DIR, path.join(ROOT, 'widget', 'dist'));
  assert.equal(packageFile('dashboard/dashboard.css', 'dashboard/dashboard.css'), path.join(ROOT, 'server/dashboard/dashboard.css'));
  assert.ok(existsSync(DASHBOARD_ENTRY), DASHBOARD_ENTRY);
});

test('compiled: the bundle reads server/dist, where the build put the widget, the browser modules and the stylesheet', async () => {
  ensureBuilt();
  // The bundle that runs (dist/server.cjs through its loader), which finds its files from its own URL.
  const { server: app } = (await import(path.join(ROOT, 'server/dist/server-bundle.js'))) as { server: { DEFAULT_DIST_DIR: string } };
  assert.equal(app.DEFAULT_DIST_DIR, path.join(ROOT, 'server', 'dist', 'widget'));
  for (const file of [
    path.join(app.DEFAULT_DIST_DIR, 'ogone-checkout.js'),
    prebuiltPath(DASHBOARD_ENTRY),
    prebuiltPath(path.join(PACKAGE_ROOT, 'demo', 'client', 'shop.ts')),
    path.join(ROOT, 'server/dist/dashboard/dashboard.css'),
  ]) {
    assert.ok(existsSync(file), `${path.relative(ROOT, file)} is built`);
  }
});
