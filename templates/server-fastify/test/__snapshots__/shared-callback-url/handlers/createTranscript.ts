import type { Handlers } from '../generated/server.ts';

/**
 * POST /transcripts — Transcribe an audio file
 *
 * Written once by `boomerang generate`, then yours: it is never overwritten.
 * Return one of the documented replies; until you do, this file does not compile.
 *
 * `callbacks.transcriptCompleted.queue(body)` stores POST {$request.body#/callback_url} and resolves once it is stored:
 * it is sent signed, retried for hours and kept across restarts (see CALLBACK_STORE in main.ts).
 * `callbacks.transcriptCompleted.send(body)` sends it now instead and resolves with the receiver's answer.
 *
 * `callbacks.transcriptFailed.queue(body)` stores POST {$request.body#/callback_url} and resolves once it is stored:
 * it is sent signed, retried for hours and kept across restarts (see CALLBACK_STORE in main.ts).
 * `callbacks.transcriptFailed.send(body)` sends it now instead and resolves with the receiver's answer.
 */
export const createTranscript: Handlers["createTranscript"] = async (context) => {
  context.log.info('POST /transcripts is not implemented yet');
};
