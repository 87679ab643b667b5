import type { Client } from '@libsql/client';

type Exec = Pick<Client, 'execute'>;
import { CODE_ALPHABET } from '../src/lib/codes';

/** Helpers for the large seed (db/seed-large.ts): a seeded PRNG, unique codes, and fast bulk inserts. */

export type Rng = () => number;

/** mulberry32: a small, fast, seeded PRNG — the same seed gives the same database. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const int = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));
export const pickOne = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;

/** Draws codes in the app's alphabet, never the same twice (nor one already in the database). */
export class CodeMaker {
  readonly #seen: Set<string>;
  constructor(
    private readonly rng: Rng,
    existing: Iterable<string> = [],
  ) {
    this.#seen = new Set(existing);
  }
  next(length = 8): string {
    for (;;) {
      let out = '';
      for (let i = 0; i < length; i++) out += CODE_ALPHABET[Math.floor(this.rng() * CODE_ALPHABET.length)];
      if (!this.#seen.has(out)) {
        this.#seen.add(out);
        return out;
      }
    }
  }
}

export type Row = Array<string | number | null>;

/**
 * Inserts rows with multi-row VALUES statements, as many rows per statement as SQLite's limit of bound parameters
 * allows (32,766). `consts` are columns with one value for every row (e.g. the one shared password hash).
 */
export async function bulkInsert(client: Exec, table: string, columns: string[], rows: Row[], consts: Record<string, string | number | null> = {}): Promise<void> {
  const constNames = Object.keys(consts);
  const constValues = constNames.map((n) => consts[n]!);
  const per = Math.floor(32_000 / (columns.length + constNames.length));
  const tuple = `(${[...columns, ...constNames].map(() => '?').join(',')})`;
  const head = `INSERT INTO ${table} (${[...columns, ...constNames].join(', ')}) VALUES `;
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const args: Array<string | number | null> = [];
    for (const row of chunk) args.push(...row, ...constValues);
    await client.execute({ sql: head + chunk.map(() => tuple).join(','), args });
  }
}

export const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤符'];
export const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞斌宇浩凯健俊帆鑫波晨欣怡佳琪雨婷轩涵诺远海梅博国燕悦泽瑶琳辰昊然睿思'];
export const PINYIN_SURNAMES = ['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou', 'Xu', 'Sun', 'Ma', 'Zhu', 'Hu', 'Guo', 'Lin', 'Fu'];
export const PINYIN_GIVEN = ['Wei', 'Fang', 'Na', 'Min', 'Jing', 'Li', 'Qiang', 'Lei', 'Jun', 'Yang', 'Yong', 'Yan', 'Jie', 'Tao', 'Ming', 'Chao', 'Xia', 'Hao', 'Yu', 'Xin'];

export function personName(rng: Rng): string {
  if (rng() < 0.04) return `${pickOne(rng, PINYIN_GIVEN)} ${pickOne(rng, PINYIN_SURNAMES)}`;
  return pickOne(rng, SURNAMES) + pickOne(rng, GIVEN) + (rng() < 0.7 ? pickOne(rng, GIVEN) : '');
}

/** The 8 digits after 139 for the i-th generated member: a bijection onto 10000000–99999999, so phones are unique and never the demo ones. */
export function memberPhone(i: number): string {
  return `139${10_000_000 + ((i * 7919 + 12_345) % 90_000_000)}`;
}
