/**
 * HTTP/1.1 on a bare socket, for the requests `fetch` and `http.request` refuse to send (a garbage
 * request line, a header without a colon, a body shorter than its content-length): writes the bytes
 * as given and parses the first response that comes back.
 */
import { connect } from 'node:net';

export interface RawResponse {
  readonly status: number;
  /** Lower-case names; a repeated header keeps its last value. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface RawExchangeOptions {
  /** Half-close the connection once the bytes are written (the client has nothing more to send). Default true. */
  readonly end?: boolean;
  /** Give up waiting for more bytes after this long without any; default 2 000 ms. */
  readonly idleMs?: number;
}

/** Sends `request` to 127.0.0.1:`port`; undefined when the server closed without answering. */
export function rawExchange(port: number, request: string | Buffer, options: RawExchangeOptions = {}): Promise<RawResponse | undefined> {
  const { end = true, idleMs = 2_000 } = options;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1');
    let timer = setTimeout(finish, idleMs);
    function finish(): void {
      clearTimeout(timer);
      socket.destroy();
      resolve(parseResponse(Buffer.concat(chunks))?.response);
    }
    socket.on('connect', () => (end ? socket.end(request) : socket.write(request)));
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      clearTimeout(timer);
      // A complete response (its head, and as many body bytes as it announced) is all a test needs.
      timer = setTimeout(finish, parseResponse(Buffer.concat(chunks))?.complete ? 0 : idleMs);
    });
    socket.on('close', finish);
    socket.on('error', () => undefined); // a reset after the answer is the server closing a bad connection
  });
}

function parseResponse(bytes: Buffer): { response: RawResponse; complete: boolean } | undefined {
  const headEnd = bytes.indexOf('\r\n\r\n');
  if (headEnd < 0) return undefined;
  const [statusLine = '', ...lines] = bytes.subarray(0, headEnd).toString('latin1').split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1];
  if (status === undefined) return undefined;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const rest = bytes.subarray(headEnd + 4);
  const length = headers['content-length'] === undefined ? undefined : Number(headers['content-length']);
  const body = length === undefined ? rest : rest.subarray(0, length);
  return { response: { status: Number(status), headers, body: body.toString('utf8') }, complete: length !== undefined && rest.length >= length };
}
