/**
 * The deployed MEDIA bucket for `npm run import -- --remote`: each image goes up with
 * `wrangler r2 object put --remote`. Whether a key exists is not asked (that would be one more
 * wrangler run per image); the importer puts images only for articles it is about to write, so an
 * unchanged re-import uploads nothing, and putting a key again writes the same bytes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MediaStore } from '../../src/media/store.ts';
import { failure, wrangler } from './remote-d1.ts';
import { remoteMediaPutArgs, type WranglerTarget } from './wrangler-commands.ts';

export function openRemoteMedia(target: WranglerTarget, bucket: string): MediaStore {
  return {
    has: async () => false,
    put: async (key, bytes, contentType) => {
      const dir = mkdtempSync(path.join(tmpdir(), 'alphanode-media-'));
      try {
        const file = path.join(dir, key);
        writeFileSync(file, bytes);
        const run = await wrangler(remoteMediaPutArgs(target, bucket, key, file, contentType));
        if (run.code !== 0) {
          throw new Error(failure(run));
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
