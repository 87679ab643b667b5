import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../helpers/context';
import { TestClient } from '../helpers/client';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

describe('GET /healthz', () => {
  it('answers 200 {"status":"ok"} when the database answers, uncached', async () => {
    const res = await new TestClient(ctx).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('answers 503 when the database does not', async () => {
    ctx.database.close();
    const res = await new TestClient(ctx).get('/healthz');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'unavailable' });
    expect(ctx.logs.some((l) => l.msg === 'health check failed')).toBe(true);
  });

  it('needs no session and ignores a broken one', async () => {
    const res = await new TestClient(ctx).get('/healthz', { headers: { cookie: 'vip_session=garbage' } });
    expect(res.status).toBe(200);
  });
});
