/**
 * The runtime's JSON-lines logger, which the generated Hono server and its main.ts log with (the Fastify
 * target has pino): pino's line shape and calling conventions, so that logs read the same on both.
 */
import { createJsonLogger, type LogLevel } from '@boomerang/runtime';
import { describe, expect, it } from 'vitest';

function capture(level?: LogLevel) {
  const lines: Record<string, unknown>[] = [];
  const log = createJsonLogger({ ...(level === undefined ? {} : { level }), write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { log, lines };
}

describe('createJsonLogger', () => {
  it("writes pino's lines: level number, time, pid, hostname, fields, msg", () => {
    const { log, lines } = capture();
    log.info({ invoice: 'inv_1' }, 'queued');
    log.warn('no secret');
    expect(lines).toEqual([
      { level: 30, time: expect.any(Number), pid: process.pid, hostname: expect.any(String), invoice: 'inv_1', msg: 'queued' },
      { level: 40, time: expect.any(Number), pid: process.pid, hostname: expect.any(String), msg: 'no secret' },
    ]);
  });

  it('writes what is at its level or more severe (default info); silent writes nothing', () => {
    const at = (level: LogLevel | undefined) => {
      const { log, lines } = capture(level);
      log.trace('t');
      log.debug('d');
      log.info('i');
      log.warn('w');
      log.error('e');
      log.fatal('f');
      return lines.map((line) => line.msg);
    };
    expect(at(undefined)).toEqual(['i', 'w', 'e', 'f']);
    expect(at('warn')).toEqual(['w', 'e', 'f']);
    expect(at('trace')).toEqual(['t', 'd', 'i', 'w', 'e', 'f']);
    expect(at('silent')).toEqual([]);
    expect(capture('warn').log.isLevelEnabled?.('info')).toBe(false);
  });

  it("gives children their bindings and, when asked, a level of their own (main.ts's events at info)", () => {
    const { log, lines } = capture('warn');
    const request = log.child({ reqId: 'req-1' });
    request.warn({ step: 1 }, 'slow');
    request.child({ attempt: 2 }).error('failed');
    log.child({}, { level: 'info' }).info('Server listening at http://127.0.0.1:3000');
    request.info('not written: the child keeps its parent level');
    expect(lines.map(({ time: _time, pid: _pid, hostname: _host, ...rest }) => rest)).toEqual([
      { level: 40, reqId: 'req-1', step: 1, msg: 'slow' },
      { level: 50, reqId: 'req-1', attempt: 2, msg: 'failed' },
      { level: 30, msg: 'Server listening at http://127.0.0.1:3000' },
    ]);
  });

  it("serializes errors as pino's err serializer does, given as a field or as the first argument", () => {
    const { log, lines } = capture();
    const error = Object.assign(new Error('the database is down'), { code: 'ECONNREFUSED' });
    log.error({ err: error }, 'request failed');
    log.error(error);
    expect(lines[0]).toMatchObject({ msg: 'request failed', err: { type: 'Error', message: 'the database is down', code: 'ECONNREFUSED', stack: expect.stringContaining('the database is down') } });
    expect(lines[1]).toMatchObject({ msg: 'the database is down', err: { type: 'Error', message: 'the database is down' } });
  });

  it('says when fields cannot be serialized, rather than throwing', () => {
    const { log, lines } = capture();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    log.info(cyclic, 'cyclic');
    expect(lines[0]).toMatchObject({ msg: 'cyclic', logError: expect.stringContaining('could not be serialized') });
  });

  it('refuses a level it does not know (LOG_LEVEL=verbose)', () => {
    expect(() => createJsonLogger({ level: 'verbose' as LogLevel })).toThrow('Unknown log level "verbose": use one of trace, debug, info, warn, error, fatal, silent.');
  });
});
