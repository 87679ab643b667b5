import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDatabase, type CrashFigures } from '../helpers/crash-checks';
import { prepareRound } from '../helpers/crash-setup';
import { emptyAcknowledged, prng, streamTraffic, type RoundStats } from '../helpers/crash-workload';
import { startServer, type RunningServer } from '../helpers/server';

/**
 * Crash safety: the real server on an embedded file database is killed with SIGKILL (its whole process group,
 * as a crash or the OOM killer would) at a random moment while registrations, cancellations, desk check-ins,
 * walk-ins and lounge bookings stream in; after every kill the file is opened as a restart would open it and
 * checked, and the server is started on it again. CRASH_SEED=<n> replays the same choices and kill moments.
 */

const ITERATIONS = Number(process.env.CRASH_ITERATIONS ?? 10);
const SEED = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether any process of the group still runs (a killed process may linger as a zombie until it is reaped: that one is dead). */
function alive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // pid (comm) state ppid pgrp …; comm may hold spaces, so read after the last ')'
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(')').pop()!.trim().split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') return true;
    } catch {
      // gone meanwhile
    }
  }
  return false;
}

/** SIGKILL to every process in the server's group (tsx and the node process running the app), then wait until they are gone. */
async function crash(server: RunningServer): Promise<void> {
  const pid = server.pid!;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
  const deadline = Date.now() + 10_000;
  while (alive(pid) && Date.now() < deadline) await sleep(10);
  if (alive(pid)) throw new Error(`process group ${pid} survived SIGKILL`);
}

describe(`crash safety (seed ${SEED})`, () => {
  let dir: string;
  let databaseUrl: string;
  let current: RunningServer | undefined;

  beforeAll(async () => {
    console.log(`crash test: CRASH_SEED=${SEED}, ${ITERATIONS} iterations`);
    dir = await mkdtemp(join(tmpdir(), 'hainan-vip-crash-'));
    databaseUrl = `file:${dir}/e2e.db`;
    // the first start migrates the file and writes the demo data; a clean stop
    current = await startServer({ dir, ownProcessGroup: true });
    await current.stop();
    current = undefined;
  });

  afterAll(async () => {
    if (current?.pid && alive(current.pid)) await crash(current).catch(() => undefined);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(`survives ${ITERATIONS} SIGKILLs under load with nothing acknowledged lost and every rule intact`, async () => {
    const started = Date.now();
    const killAt = prng(SEED);
    const choices = prng(SEED ^ 0x5bd1e995);
    const acks = emptyAcknowledged();
    const loungeIds: number[] = [];
    const totals: RoundStats = { sent: 0, acked: 0, refused: 0, unanswered: 0, byKind: {}, anomalies: [] };
    let figures: CrashFigures | undefined;

    for (let round = 0; round < ITERATIONS; round++) {
      const plan = await prepareRound(databaseUrl, round);
      loungeIds.push(plan.lounge.id);
      const bootStarted = Date.now();
      // every start after the first is a restart on a file a SIGKILL left behind
      current = await startServer({ dir, ownProcessGroup: true });
      const boot = Date.now() - bootStarted;
      const control = { stopped: false };
      const traffic = streamTraffic(current.baseUrl, plan, acks, choices, control);
      const after = Math.round(300 + killAt() * 1700);
      await sleep(after);
      control.stopped = true;
      await crash(current);
      current = undefined;
      const stats = await traffic;

      const check = await checkDatabase(databaseUrl, acks, loungeIds);
      figures = check.figures;
      totals.sent += stats.sent;
      totals.acked += stats.acked;
      totals.refused += stats.refused;
      totals.unanswered += stats.unanswered;
      totals.anomalies.push(...stats.anomalies.map((a) => `round ${round}: ${a}`));
      for (const [kind, k] of Object.entries(stats.byKind)) {
        const t = (totals.byKind[kind] ??= { sent: 0, acked: 0 });
        t.sent += k.sent;
        t.acked += k.acked;
      }
      console.log(
        `round ${round}: (re)started in ${boot} ms, SIGKILL after ${after} ms; ${stats.sent} requests, ${stats.acked} acknowledged, ${stats.refused} refused by the rules, ${stats.unanswered} cut off; ${check.problems.length} problems`,
      );
      expect(check.problems, `round ${round} (CRASH_SEED=${SEED})`).toEqual([]);
      expect(stats.anomalies, `round ${round} (CRASH_SEED=${SEED})`).toEqual([]);
    }

    // the file the last kill left behind still boots
    current = await startServer({ dir, ownProcessGroup: true });
    const health = await fetch(`${current.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    await current.stop();
    current = undefined;

    console.log(
      `crash test (CRASH_SEED=${SEED}): ${ITERATIONS} kills in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
        `${totals.sent} requests, ${totals.acked} acknowledged and all present, ${totals.refused} refused by the rules, ${totals.unanswered} cut off by the kills; ` +
        `by kind ${JSON.stringify(totals.byKind)}; registrations ${JSON.stringify(figures)}`,
    );
    // the run must really have exercised what it claims to check
    expect(totals.acked).toBeGreaterThan(ITERATIONS * 10);
    for (const kind of ['register', 'cancelRegistration', 'deskCheckIn', 'walkIn', 'book']) expect(totals.byKind[kind]?.acked ?? 0, kind).toBeGreaterThan(0);
    expect(figures!.waitlisted + figures!.promoted).toBeGreaterThan(0);
    expect(totals.unanswered).toBeGreaterThan(0);
  });
});
