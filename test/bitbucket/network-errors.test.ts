import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BitbucketClient } from '../../src/bitbucket/index.ts';

const TOKEN = 'tok-secret-1';
const servers: net.Server[] = [];
const sockets: net.Socket[] = [];

/** A raw TCP peer that does what `onConnection` says with each connection (the n-th, from 1). */
async function rawPeer(onConnection: (socket: net.Socket, n: number) => void): Promise<string> {
  let n = 0;
  const server = net.createServer((socket) => {
    sockets.push(socket);
    onConnection(socket, ++n);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/2.0`;
}

afterEach(async () => {
  // Keep-alive connections would hold close() until the client's idle timeout.
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

const noWait = { baseDelayMs: 1, maxDelayMs: 1, maxRetries: 2, maxTotalWaitMs: 100 };
const failure = (p: Promise<unknown>) =>
  p.then(
    () => new Error('expected a failure'),
    (e: unknown) => e as Error,
  );

describe('network errors', () => {
  it('says the connection was refused, without the token', async () => {
    const client = new BitbucketClient({
      apiUrl: 'http://127.0.0.1:1/2.0',
      credentials: { kind: 'access-token', token: TOKEN },
    });
    const error = await failure(client.listVariables({ kind: 'workspace', workspace: 'acme' }));
    expect(error.message).toContain('Could not reach 127.0.0.1:1 for GET /workspaces/acme/pipelines-config/variables');
    expect(error.message).toContain('connection refused (ECONNREFUSED)');
    expect(error.message).not.toContain(TOKEN);
  });

  it('gives up on a server that never answers after the timeout and the retries', async () => {
    const seen: string[] = [];
    const apiUrl = await rawPeer((socket) => socket.on('data', (d: Buffer) => seen.push(d.toString('latin1'))));
    const client = new BitbucketClient({
      apiUrl,
      credentials: { kind: 'access-token', token: TOKEN },
      timeoutMs: 150,
      retry: noWait,
    });
    const error = await failure(client.listVariables({ kind: 'workspace', workspace: 'acme' }));
    expect(error.message).toContain('No answer from 127.0.0.1');
    expect(error.message).toContain('no answer within 150 ms');
    expect(error.message).toContain('after 3 tries');
    expect(seen).toHaveLength(3);
    expect(seen[0]).toMatch(
      /^GET \/2\.0\/workspaces\/acme\/pipelines-config\/variables\?pagelen=100&page=1 HTTP\/1\.1\r\n/,
    );
    expect(seen[0]).toContain(`authorization: Bearer ${TOKEN}`);
  });

  it('retries a list whose answer was cut off mid-body, and uses the complete second answer', async () => {
    const body = JSON.stringify({
      pagelen: 100,
      page: 1,
      size: 1,
      values: [
        {
          type: 'pipeline_variable',
          uuid: '{11111111-1111-1111-1111-111111111111}',
          key: 'A',
          value: 'x',
          secured: false,
        },
      ],
    });
    const apiUrl = await rawPeer((socket, n) => {
      socket.once('data', () => {
        const head =
          `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ` +
          `${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n`;
        // First connection: headers and half the body, then the connection drops.
        if (n === 1) socket.write(head + body.slice(0, 20), () => socket.destroy());
        else socket.end(head + body);
      });
    });
    const retries: string[] = [];
    const client = new BitbucketClient({
      apiUrl,
      credentials: { kind: 'access-token', token: TOKEN },
      retry: noWait,
      onRetry: (e) => retries.push(e.reason),
    });
    const variables = await client.listVariables({ kind: 'workspace', workspace: 'acme' });
    expect(variables.map((v) => v.key)).toEqual(['A']);
    expect(retries).toEqual(['connection reset (ECONNRESET)']);
    expect(client.stats.requests).toBe(2);
  });

  it('follows a same-origin redirect of a list, and never takes the token to another host', async () => {
    const seen: string[] = [];
    const page = JSON.stringify({ pagelen: 100, page: 1, size: 0, values: [] });
    const other = await rawPeer((socket) =>
      socket.once(
        'data',
        (d: Buffer) => (
          seen.push(`other ${d.toString('latin1')}`),
          socket.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}')
        ),
      ),
    );
    const apiUrl = await rawPeer((socket) =>
      socket.on('data', (d: Buffer) => {
        const line = d.toString('latin1').split('\r\n')[0]!;
        seen.push(line);
        if (line.includes('/workspaces/acme/'))
          socket.write(
            'HTTP/1.1 301 Moved Permanently\r\nlocation: ' +
              '/2.0/workspaces/renamed/pipelines-config/variables?pagelen=100&page=1\r\ncontent-length: 0\r\n\r\n',
          );
        else if (line.includes('/workspaces/renamed/'))
          socket.write(
            `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ` +
              `${Buffer.byteLength(page)}\r\n\r\n${page}`,
          );
        else socket.write(`HTTP/1.1 302 Found\r\nlocation: ${other}/elsewhere\r\ncontent-length: 0\r\n\r\n`);
      }),
    );
    const client = new BitbucketClient({ apiUrl, credentials: { kind: 'access-token', token: TOKEN }, retry: noWait });
    expect(await client.listVariables({ kind: 'workspace', workspace: 'acme' })).toEqual([]);
    expect(seen).toEqual([
      'GET /2.0/workspaces/acme/pipelines-config/variables?pagelen=100&page=1 HTTP/1.1',
      'GET /2.0/workspaces/renamed/pipelines-config/variables?pagelen=100&page=1 HTTP/1.1',
    ]);
    const error = await failure(client.listVariables({ kind: 'repository', workspace: 'team', repository: 'api' }));
    expect(error.message).toBe(
      'Bitbucket redirected GET /repositories/team/api/pipelines_config/variables?pagelen=100&page=1 (HTTP 302) ' +
        "somewhere bb-vars does not follow: to another host (credentials are only sent to BITBUCKET_API_URL's host), " +
        'or a write. Check BITBUCKET_API_URL (default https://api.bitbucket.org/2.0) and that the workspace and ' +
        'repository names are current.',
    );
    expect(seen.some((s) => s.startsWith('other'))).toBe(false);
  });
});
