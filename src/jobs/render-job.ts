/**
 * The render job: when the content pipeline changes (RENDER_VERSION in src/content/render), every
 * stored body is rendered again from its stored source and the link and image maps its import
 * resolved, in id-ordered chunks. Only bodies whose HTML, TOC or text changed are written (and
 * their pages invalidated); the others just move to the new version. Idempotent: a body already
 * at the current version is never read again, so a resumed or repeated run does nothing twice.
 */
import { RENDER_VERSION, rerender } from '../content/render/index.ts';
import { type RenderedUpdate, readStaleBodies, renderUpdates } from '../db/render-queries.ts';
import { type Job, yieldEvery } from './job.ts';

export interface RenderState {
  /** The version this run renders to (a deploy mid-run starts a new run). */
  version: number;
  /** Last article id done. */
  afterId: number;
}

export class RenderInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RenderInputError';
  }
}

export const renderJob: Job<RenderState> = {
  name: 'render',
  start: () => ({ version: RENDER_VERSION, afterId: 0 }),
  async run(ctx, initial) {
    let state =
      initial.version === RENDER_VERSION
        ? initial
        : renderJob.start({ trigger: '', mode: 'auto' }, ctx.now());
    ctx.note({ version: state.version });
    for (;;) {
      if (ctx.pauseReason()) {
        return 'paused';
      }
      const rows = await readStaleBodies(
        ctx.db,
        state.version,
        state.afterId,
        ctx.config.renderChunkSize,
      );
      if (rows.length === 0) {
        return 'done';
      }
      const changed: (RenderedUpdate & { slug: string })[] = [];
      const unchanged: number[] = [];
      // Rendering a body takes milliseconds to tens of them: yield every few.
      const breathe = yieldEvery(ctx, 5);
      for (const row of rows) {
        await breathe();
        let body: ReturnType<typeof rerender>;
        try {
          body = rerender(row, `article ${row.id} (${row.slug})`);
        } catch (error) {
          throw new RenderInputError(
            `article ${row.id} (${row.slug}): ${(error as Error).message}`,
          );
        }
        const toc = JSON.stringify(body.toc);
        if (body.html !== row.html || toc !== row.toc || body.text !== row.text) {
          changed.push({
            id: row.id,
            slug: row.slug,
            html: body.html,
            toc: body.toc,
            text: body.text,
          });
        } else {
          unchanged.push(row.id);
        }
      }
      state = { ...state, afterId: rows[rows.length - 1]?.id ?? state.afterId };
      await ctx.commit({
        phase: 'render',
        statements: renderUpdates(ctx.db, state.version, changed, unchanged),
        rowsWritten: changed.length * 2 + unchanged.length,
        processed: rows.length,
        state,
        changedSlugs: changed.map((c) => c.slug),
        detail: { changed: changed.length, unchanged: unchanged.length },
      });
      if (rows.length < ctx.config.renderChunkSize) {
        return 'done';
      }
    }
  },
};
