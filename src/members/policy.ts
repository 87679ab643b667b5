export interface TierRank {
  code: string;
  rank: number;
  nameZh: string;
  nameEn: string;
}

/** A tier meets a minimum when its rank is at least the minimum's; no minimum means everyone. */
export function meetsTier(own: Pick<TierRank, 'rank'> | null, minimum: Pick<TierRank, 'rank'> | null): boolean {
  if (!minimum) return true;
  if (!own) return false;
  return own.rank >= minimum.rank;
}

/** The age a child reaches in a calendar year, for events with an age range. */
export function ageInYear(birthYear: number, year: number): number {
  return year - birthYear;
}
