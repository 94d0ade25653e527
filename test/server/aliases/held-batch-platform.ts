/**
 * What the alias-deletion tests with a DELALIAS in flight share: a Batch upload page on real HTTP
 * that holds each upload until released (then answers NCERROR 0), and an instance's context
 * pointed at it (docs/ogone-protocol.md §10).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AliasDeletionSettings } from '../../../server/aliases/deletion.ts';
import type { AppContext } from '../../../server/app-context.ts';
import type { Clock } from '../../../server/clock.ts';
import { parseServerConfig } from '../../../server/config/env.ts';
import { createAppContext } from '../../../server/create-app-context.ts';
import { createDirectLinkClient } from '../../../server/directlink/client.ts';
import { createLogger } from '../../../server/logger.ts';
import type { Repository } from '../../../server/repository/types.ts';
import { TEST_ENV } from '../../support/accounts.ts';
import { logCollector } from '../../support/logs.ts';

export type HeldBatchPlatform = Awaited<ReturnType<typeof heldBatchPlatform>>;

/** The upload page, listening on loopback; counts the uploads it got. */
export async function heldBatchPlatform() {
  const held: Array<() => void> = [];
  const waiting: Array<{ count: number; resolve: () => void }> = [];
  let uploads = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      uploads++;
      held.push(() => response.end('<UPLOADRESULT NCERROR="0"><LINE NCERROR="0"/></UPLOADRESULT>'));
      for (const w of waiting.splice(0)) (uploads >= w.count ? w.resolve : () => waiting.push(w))();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  /** Resolves once `count` uploads arrived in all. */
  const whenUploads = (count: number) =>
    uploads >= count ? Promise.resolve() : new Promise<void>((resolve) => waiting.push({ count, resolve }));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get uploads() {
      return uploads;
    },
    whenUploads,
    /** Resolves once an upload is being held. */
    whenHolding: () => (held.length > 0 ? Promise.resolve() : whenUploads(uploads + 1)),
    release: () => held.splice(0).forEach((answer) => answer()),
    close: () => {
      held.splice(0).forEach((answer) => answer());
      server.close();
    },
  };
}

/** One instance's context on `repository`, its DirectLink and Batch pages at `baseUrl`. */
export function deletionInstance(repository: Repository, baseUrl: string, aliasDeletion: AliasDeletionSettings, clock?: Clock): AppContext {
  const config = parseServerConfig({ ...TEST_ENV });
  return createAppContext({
    config: { ...config, publicUrl: config.publicUrl! },
    repository,
    ...(clock ? { clock } : {}),
    logger: createLogger({ level: 'debug', destination: logCollector([]) }),
    platformBaseUrl: baseUrl,
    directLink: createDirectLinkClient({ config: { ...config.provider, baseUrl } }),
    aliasDeletion,
  });
}
