import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';

/**
 * Static files served from our own origin (no CDN): htmx and Pico from node_modules, our own files
 * from public/. Each URL carries a hash of the content, so responses can be cached for a year and a
 * new release still reaches every browser at once.
 */

const require = createRequire(import.meta.url);
const publicDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../public');

const contentTypes: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
};

interface Asset {
  url: string;
  body: Uint8Array;
  type: string;
}

export type AssetUrls = Record<string, string>;

function hashed(logicalName: string, body: Uint8Array): string {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
  const ext = extname(logicalName);
  return `/assets/${logicalName.slice(0, -ext.length)}.${hash}${ext}`;
}

function listFiles(dir: string): string[] {
  let out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) out = out.concat(listFiles(full));
    else out.push(full);
  }
  return out;
}

export interface Assets {
  /** logical name (e.g. "htmx.js", "css/app.css") → hashed URL */
  urls: AssetUrls;
  routes: Hono;
}

export function loadAssets(): Assets {
  const sources: Array<[string, string]> = [
    ['htmx.js', require.resolve('htmx.org/dist/htmx.min.js')],
    ['pico.css', require.resolve('@picocss/pico/css/pico.min.css')],
  ];
  for (const file of listFiles(publicDir)) sources.push([relative(publicDir, file).split('\\').join('/'), file]);

  const byUrl = new Map<string, Asset>();
  const urls: AssetUrls = {};
  for (const [name, file] of sources) {
    const body = new Uint8Array(readFileSync(file));
    const url = hashed(name, body);
    urls[name] = url;
    byUrl.set(url, { url, body, type: contentTypes[extname(name)] ?? 'application/octet-stream' });
  }

  const routes = new Hono();
  routes.get('/assets/*', (c) => {
    const asset = byUrl.get(c.req.path);
    if (!asset) return c.notFound();
    return c.body(asset.body as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': asset.type,
      'Cache-Control': 'public, max-age=31536000, immutable',
    });
  });
  return { urls, routes };
}
