import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort, freePorts } from '../../services/free-port';

describe('freePorts', () => {
  it('gives distinct ports, each free to listen on afterwards', async () => {
    const ports = await freePorts(40);
    expect(new Set(ports).size).toBe(40);
    for (const port of ports.slice(0, 5)) {
      const server = createServer();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', resolve);
      });
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('freePort gives one port above the privileged range', async () => {
    expect(await freePort()).toBeGreaterThan(1023);
  });
});
