// A local static server for e2e tests that load models by URL. It serves e2e/fixtures/ on a
// random loopback port (a different origin from the app), with CORS headers under /cors/ and
// without them under /nocors/, so both the working and the blocked case can be tested.
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

export interface FixtureServer {
  origin: string;
  close: () => Promise<void>;
}

export async function startFixtureServer(): Promise<FixtureServer> {
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const [, mode, ...rest] = url.pathname.split('/');
      if (mode === 'cors') {
        res.setHeader('Access-Control-Allow-Origin', '*');
        res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
      }
      const rel = normalize(decodeURIComponent(rest.join('/')));
      const path = join(FIXTURES, rel);
      if (!path.startsWith(FIXTURES) || rel.includes(`..${sep}`)) {
        res.writeHead(403).end();
        return;
      }
      try {
        const info = await stat(path);
        if (!info.isFile()) throw new Error('not a file');
        const body = await readFile(path);
        res.writeHead(200, { 'Content-Length': String(body.byteLength) });
        res.end(body);
      } catch {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('fixture server has no port');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
