import { io, type Socket } from 'socket.io-client';

/**
 * How long a test waits for a socket event before it fails (never a sleep for time-based behaviour). Generous:
 * an event that comes arrives in milliseconds, but a loaded CI runner can stall a process for seconds.
 */
export const SOCKET_WAIT_MS = 15_000;

/**
 * Opens Socket.IO clients the way the web app does (token in the handshake, websocket only, no
 * reconnection) and remembers them, so `closeAll()` in afterEach leaves nothing open.
 */
export class SocketClients {
  private readonly open: Socket[] = [];

  constructor(private readonly baseUrl: string) {}

  /** A client that has not been told to connect yet; `connect()` or `connectError()` starts it. */
  create(token: string | undefined, namespace = '/', headers?: Record<string, string>): Socket {
    const auth = token === undefined ? {} : { token };
    const socket = io(`${this.baseUrl}${namespace}`, {
      auth,
      extraHeaders: headers,
      transports: ['websocket'],
      reconnection: false,
      autoConnect: false,
      forceNew: true,
    });
    this.open.push(socket);
    return socket;
  }

  /** Resolves with the connected client, or rejects with the server's connect_error. */
  async connect(
    token: string | undefined,
    namespace = '/',
    headers?: Record<string, string>,
  ): Promise<Socket> {
    const socket = this.create(token, namespace, headers);
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
        socket.connect();
      }),
      'connect',
    );
    return socket;
  }

  /** The connect_error the server answers a handshake with; fails if the client connects instead. */
  async connectError(token: string | undefined, namespace = '/'): Promise<Error> {
    const socket = this.create(token, namespace);
    return withTimeout(
      new Promise<Error>((resolve, reject) => {
        socket.once('connect', () =>
          reject(new Error('the socket connected, but a connect_error was expected')),
        );
        socket.once('connect_error', resolve);
        socket.connect();
      }),
      'connect_error',
    );
  }

  closeAll(): void {
    for (const socket of this.open.splice(0)) socket.close();
  }
}

/** The next `event` on the socket, with its first argument; rejects after `ms`. */
export function nextEvent<T = unknown>(socket: Socket, event: string, ms = SOCKET_WAIT_MS): Promise<T> {
  return withTimeout(new Promise<T>((resolve) => socket.once(event, (arg: T) => resolve(arg))), event, ms);
}

/** Emits with an acknowledgement and resolves with the ack's argument; rejects after `ms`. */
export async function emitWithAck<T = unknown>(
  socket: Socket,
  event: string,
  ms = SOCKET_WAIT_MS,
): Promise<T> {
  return (await socket.timeout(ms).emitWithAck(event)) as T;
}

export function withTimeout<T>(promise: Promise<T>, what: string, ms = SOCKET_WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
