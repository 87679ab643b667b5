import { HOUR } from '../lib/clock';

/** Registration opens earlier for higher tiers: the general opening minus the tier's early-access hours. */
export function registrationOpensAt(generalOpensAt: number, earlyAccessHours: number): number {
  return generalOpensAt - Math.max(0, earlyAccessHours) * HOUR;
}

export type RegistrationWindow = 'not_yet_open' | 'open' | 'closed';

export function registrationWindow(now: number, opensAt: number, closesAt: number): RegistrationWindow {
  if (now < opensAt) return 'not_yet_open';
  if (now >= closesAt) return 'closed';
  return 'open';
}
