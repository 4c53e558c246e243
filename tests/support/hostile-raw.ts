import { WebSocket } from 'ws';

/**
 * A WebSocket speaking Engine.IO 4 / Socket.IO 5 frames by hand, so a test can send what no
 * Socket.IO client would: broken packets, reserved event names, numbers as event names, nesting
 * deeper than a client's encoder survives.
 */
export class RawSocketIo {
  private readonly frames: string[] = [];
  private readonly waiters = new Set<() => void>();
  closeCode: number | null = null;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      const text = isBinary ? `<binary ${data.length}>` : data.toString('utf8');
      if (text === '2') ws.send('3'); // Engine.IO ping -> pong
      this.frames.push(text);
      this.wake();
    });
    ws.on('close', (code: number) => {
      this.closeCode = code;
      this.wake();
    });
  }

  private wake(): void {
    for (const waiter of this.waiters) waiter();
  }

  /** Opens the Engine.IO connection; resolves after the server's open packet. */
  static open(baseUrl: string, headers: Record<string, string> = {}): Promise<RawSocketIo> {
    const url = `${baseUrl.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
    const ws = new WebSocket(url, { headers });
    const raw = new RawSocketIo(ws);
    return new Promise((resolve, reject) => {
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) =>
        reject(new Error(`handshake refused with HTTP ${res.statusCode ?? 0}`)),
      );
      raw.next((f) => f.startsWith('0{'), 5_000).then(() => resolve(raw), reject);
    });
  }

  send(frame: string | Buffer): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(frame);
  }

  /** The first frame (from now on or already buffered) matching `match`; null if closed first. */
  async next(match: (frame: string) => boolean, timeoutMs: number): Promise<string | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.frames.findIndex(match);
      if (index >= 0) return this.frames.splice(index, 1)[0] ?? null;
      if (this.closeCode !== null) return null;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching frame within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          this.waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, left);
        this.waiters.add(done);
      });
    }
  }

  /** Joins a namespace; the server's answer frame (`40…` connected, `44…` refused). */
  async join(namespace: string, auth: unknown): Promise<string | null> {
    this.send(`40${namespace},${JSON.stringify(auth)}`);
    return this.next(
      (f) => f.startsWith(`40${namespace},`) || f.startsWith(`44${namespace},`),
      5_000,
    );
  }

  /** The arguments of the acknowledgement with `id` in `namespace`; null if the socket closed. */
  async ack(namespace: string, id: number, timeoutMs = 5_000): Promise<unknown[] | null> {
    const prefix = `43${namespace},${id}[`;
    const frame = await this.next((f) => f.startsWith(prefix), timeoutMs);
    return frame === null ? null : (JSON.parse(frame.slice(prefix.length - 1)) as unknown[]);
  }

  /** Waits for the server to close the WebSocket; its close code, or null if it stayed open. */
  async closed(timeoutMs: number): Promise<number | null> {
    try {
      await this.next(() => false, timeoutMs);
    } catch {
      return null;
    }
    return this.closeCode;
  }

  close(): void {
    this.ws.terminate();
  }
}
