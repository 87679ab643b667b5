import type { HttpBindings } from '@hono/node-server';
import type { RequestIdVariables } from 'hono/request-id';
import type { Client } from '@libsql/client';
import type { Config } from '../config';
import type { Db } from '../db';
import type { PasswordHasher } from '../auth/password';
import type { Session, SessionUser } from '../auth/session';
import type { Clock } from './clock';
import type { Locale } from './i18n';
import type { Logger } from './log';
import type { AssetUrls } from './assets';

/** Everything a service or route needs from the outside world, passed explicitly. */
export interface AppDeps {
  config: Config;
  db: Db;
  client: Client;
  clock: Clock;
  logger: Logger;
  passwords: PasswordHasher;
}

export type AppVariables = RequestIdVariables & {
  secureHeadersNonce?: string;
  locale: Locale;
  /** set when ?lang= changed the language on this request */
  localeChosen: boolean;
  user: SessionUser | null;
  session: Session | null;
  assetUrls: AssetUrls;
  /** unread inbox messages of the signed-in user (0 when signed out) */
  unread: number;
  clientAddress: string;
};

export type AppEnv = {
  Variables: AppVariables;
  Bindings: Partial<HttpBindings>;
};
