/**
 * A tiny Worker the import CLI runs inside Miniflare, next to the local D1 database that
 * `wrangler dev` uses. Node reaches D1 through it with one HTTP round trip per request instead of
 * Miniflare's per-call proxy (several round trips per statement), which matters at 10,000 articles.
 *
 * POST {op: 'query', statement, method}   one statement: all | raw | run
 * POST {op: 'batch', statements}          one D1 batch (a transaction), results per statement
 */
export default {
  async fetch(request, env) {
    const body = await request.json();
    const prepare = (s) => env.DB.prepare(s.sql).bind(...s.params);
    const reason = (error) => (error?.cause ?? error)?.message ?? String(error);
    try {
      if (body.op === 'query') {
        const statement = prepare(body.statement);
        const result =
          body.method === 'raw'
            ? await statement.raw()
            : body.method === 'run'
              ? await statement.run()
              : await statement.all();
        return Response.json({ ok: true, result });
      }
      if (body.op === 'batch') {
        return Response.json({
          ok: true,
          result: await env.DB.batch(body.statements.map(prepare)),
        });
      }
      return Response.json({ ok: false, error: `unknown op ${body.op}` }, { status: 400 });
    } catch (error) {
      return Response.json({ ok: false, error: reason(error) });
    }
  },
};
