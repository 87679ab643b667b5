import type { Person, RoundPlan } from './crash-setup';

/**
 * The crash test's traffic: members registering (parties of 1–3 seats into small events, so waitlists form)
 * and cancelling (so the waitlist is promoted), staff checking booked guests in and out at a lounge desk and
 * taking walk-ins, members booking and cancelling lounge visits. Every answer the server gives is recorded;
 * what counts as acknowledged is exactly the success answer of each form (a 303 with the success flash).
 */

/** Small, fast, seeded (mulberry32): the same seed makes the same choices and the same kill moments. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Step = 'none' | 'sent' | 'acked';

export interface Acknowledged {
  /** key `${eventId}:${userId}`; status as acknowledged (the 303 to the ticket, or back to the event when waitlisted) */
  registrations: Map<string, { eventId: number; userId: number; status: 'confirmed' | 'waitlisted'; code: string | null; cancel: Step }>;
  /** desk check-ins of pre-booked visits (303 + desk.done.checkIn), by booking id */
  checkIns: Map<number, { loungeId: number; checkout: Step }>;
  /** walk-ins (303 + desk.done.walkIn) */
  walkIns: Array<{ userId: number; loungeId: number }>;
  /** lounge bookings (303 to /lounges/passes/CODE), by pass code */
  passes: Map<string, { userId: number; loungeId: number; slotStart: number; cancel: Step }>;
}

export function emptyAcknowledged(): Acknowledged {
  return { registrations: new Map(), checkIns: new Map(), walkIns: [], passes: new Map() };
}

export interface RoundStats {
  sent: number;
  acked: number;
  /** answered, but a refusal the rules allow (full lounge, full slot) */
  refused: number;
  /** no answer: the connection died with the server */
  unanswered: number;
  byKind: Record<string, { sent: number; acked: number }>;
  /** answers that should never happen (a 5xx, an unexpected flash); each is a bug */
  anomalies: string[];
}

interface Answer {
  status: number;
  location: string | null;
  flash: string | null;
}

async function post(baseUrl: string, who: Person, path: string, form: Record<string, string>): Promise<Answer | null> {
  try {
    const res = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: who.cookie, origin: baseUrl, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
      signal: AbortSignal.timeout(15_000),
    });
    const flashCookie = res.headers.getSetCookie().find((c) => c.startsWith('vip_flash='));
    let flash: string | null = null;
    if (flashCookie) {
      try {
        flash = (JSON.parse(decodeURIComponent(flashCookie.slice('vip_flash='.length).split(';')[0]!)) as { key?: string }).key ?? null;
      } catch {
        flash = 'unparseable';
      }
    }
    await res.body?.cancel().catch(() => undefined);
    return { status: res.status, location: res.headers.get('location'), flash };
  } catch {
    return null;
  }
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/**
 * Streams requests from `workers` concurrent clients until `control.stopped` is set (just before the server is
 * killed), then waits for the requests in flight to end. Acknowledged operations are added to `acks`.
 */
export async function streamTraffic(baseUrl: string, plan: RoundPlan, acks: Acknowledged, random: () => number, control: { stopped: boolean }, workers = 12): Promise<RoundStats> {
  const stats: RoundStats = { sent: 0, acked: 0, refused: 0, unanswered: 0, byKind: {}, anomalies: [] };

  // each member registers for about half the events; each pair is tried once
  const regPairs = shuffle(plan.registrants.flatMap((m) => plan.events.filter(() => random() < 0.5).map((e) => ({ m, e }))), random);
  const checkInQueue = shuffle([...plan.bookings], random);
  const walkInQueue = shuffle([...plan.walkIns], random);
  const bookPairs = shuffle(plan.bookers.flatMap((m) => plan.bookerSlots.map((slot) => ({ m, slot }))), random);
  const roundRegs: string[] = [];
  const roundCheckIns: number[] = [];
  const roundPasses: Array<{ code: string; who: Person }> = [];
  const lid = plan.lounge.id;
  const byId = new Map(plan.registrants.map((p) => [p.id, p]));

  const count = (kind: string, a: Answer | null, ok: boolean, allowedRefusal: (a: Answer) => boolean) => {
    const k = (stats.byKind[kind] ??= { sent: 0, acked: 0 });
    k.sent += 1;
    stats.sent += 1;
    if (!a) stats.unanswered += 1;
    else if (ok) {
      k.acked += 1;
      stats.acked += 1;
    } else if (allowedRefusal(a)) stats.refused += 1;
    else stats.anomalies.push(`${kind}: ${a.status} ${a.location ?? ''} ${a.flash ?? ''}`.trim());
  };

  const actions: Array<{ weight: number; available: () => boolean; run: () => Promise<void> }> = [
    {
      weight: 6,
      available: () => regPairs.length > 0,
      run: async () => {
        const { m, e } = regPairs.pop()!;
        const guests = random() < 0.5 ? 0 : random() < 0.6 ? 1 : 2;
        const a = await post(baseUrl, m, `/events/${e.id}/register`, { guests: String(guests) });
        const confirmed = a?.status === 303 && a.flash === 'register.done.confirmed' && /^\/tickets\/[A-Z0-9]{8}$/.test(a.location ?? '');
        const waitlisted = a?.status === 303 && a.flash === 'register.done.waitlisted' && a.location === `/events/${e.id}`;
        if (confirmed || waitlisted) {
          const key = `${e.id}:${m.id}`;
          acks.registrations.set(key, { eventId: e.id, userId: m.id, status: confirmed ? 'confirmed' : 'waitlisted', code: confirmed ? a!.location!.slice('/tickets/'.length) : null, cancel: 'none' });
          roundRegs.push(key);
        }
        count('register', a, confirmed || waitlisted, () => false);
      },
    },
    {
      weight: 2,
      available: () => roundRegs.length > 0,
      run: async () => {
        const key = roundRegs.splice(Math.floor(random() * roundRegs.length), 1)[0]!;
        const reg = acks.registrations.get(key)!;
        reg.cancel = 'sent';
        const a = await post(baseUrl, byId.get(reg.userId)!, `/events/${reg.eventId}/cancel`, {});
        const ok = a?.status === 303 && (a.flash === 'cancelReg.done.confirmed' || a.flash === 'cancelReg.done.waitlisted');
        if (ok) reg.cancel = 'acked';
        count('cancelRegistration', a, ok, () => false);
      },
    },
    {
      weight: 2,
      available: () => checkInQueue.length > 0,
      run: async () => {
        const b = checkInQueue.pop()!;
        const a = await post(baseUrl, plan.staff, `/desk/lounges/${lid}/bookings/${b.id}/checkin`, {});
        const ok = a?.status === 303 && a.flash === 'desk.done.checkIn';
        if (ok) {
          acks.checkIns.set(b.id, { loungeId: lid, checkout: 'none' });
          roundCheckIns.push(b.id);
        }
        // a full room is a refusal the rule allows; the guest is tried again later
        if (a?.status === 409) checkInQueue.unshift(b);
        count('deskCheckIn', a, ok, (x) => x.status === 409);
      },
    },
    {
      weight: 1,
      available: () => roundCheckIns.length > 0,
      run: async () => {
        const id = roundCheckIns.splice(Math.floor(random() * roundCheckIns.length), 1)[0]!;
        const c = acks.checkIns.get(id)!;
        c.checkout = 'sent';
        const a = await post(baseUrl, plan.staff, `/desk/lounges/${lid}/bookings/${id}/checkout`, {});
        const ok = a?.status === 303 && a.flash === 'desk.done.checkOut';
        if (ok) c.checkout = 'acked';
        count('deskCheckOut', a, ok, () => false);
      },
    },
    {
      weight: 2,
      available: () => walkInQueue.length > 0,
      run: async () => {
        const m = walkInQueue.pop()!;
        const a = await post(baseUrl, plan.staff, `/desk/lounges/${lid}/walkins`, { userId: String(m.id), companions: random() < 0.3 ? '1' : '0' });
        const ok = a?.status === 303 && a.flash === 'desk.done.walkIn';
        if (ok) acks.walkIns.push({ userId: m.id, loungeId: lid });
        if (a?.status === 409) walkInQueue.unshift(m);
        count('walkIn', a, ok, (x) => x.status === 409);
      },
    },
    {
      weight: 2,
      available: () => bookPairs.length > 0,
      run: async () => {
        const { m, slot } = bookPairs.pop()!;
        const a = await post(baseUrl, m, `/lounges/${lid}/bookings`, { slot: String(slot), companions: '0' });
        const code = a?.status === 303 && a.flash === 'book.done' ? /^\/lounges\/passes\/([A-Z0-9]{8})$/.exec(a.location ?? '')?.[1] : undefined;
        if (code) {
          acks.passes.set(code, { userId: m.id, loungeId: lid, slotStart: slot, cancel: 'none' });
          roundPasses.push({ code, who: m });
        }
        // a full slot or a used-up allowance is the rule speaking
        count('book', a, !!code, (x) => x.status === 409);
      },
    },
    {
      weight: 1,
      available: () => roundPasses.length > 0,
      run: async () => {
        const { code, who } = roundPasses.splice(Math.floor(random() * roundPasses.length), 1)[0]!;
        const p = acks.passes.get(code)!;
        p.cancel = 'sent';
        const a = await post(baseUrl, who, `/lounges/passes/${code}/cancel`, {});
        const ok = a?.status === 303 && a.flash === 'pass.cancelled';
        if (ok) p.cancel = 'acked';
        count('cancelBooking', a, ok, () => false);
      },
    },
  ];

  const worker = async () => {
    while (!control.stopped) {
      const open = actions.filter((x) => x.available());
      if (open.length === 0) {
        await new Promise((r) => setTimeout(r, 5));
        continue;
      }
      let pick = random() * open.reduce((s, x) => s + x.weight, 0);
      const action = open.find((x) => (pick -= x.weight) < 0) ?? open[open.length - 1]!;
      await action.run();
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  return stats;
}
