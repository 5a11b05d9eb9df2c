import type { Handlers } from '../generated/server.ts';

/**
 * POST /messages — Send an SMS
 *
 * Written once by `boomerang generate`, then yours: it is never overwritten.
 * Return one of the documented replies; until you do, this file does not compile.
 *
 * `callbacks.messageDelivered.queue(body)` stores POST {$request.body#/status_callback} and resolves once it is stored:
 * it is sent signed, retried for hours and kept across restarts (see CALLBACK_STORE in main.ts).
 * `callbacks.messageDelivered.send(body)` sends it now instead and resolves with the receiver's answer.
 *
 * `callbacks.messageUndelivered.queue(body)` stores POST {$request.body#/status_callback} and resolves once it is stored:
 * it is sent signed, retried for hours and kept across restarts (see CALLBACK_STORE in main.ts).
 * `callbacks.messageUndelivered.send(body)` sends it now instead and resolves with the receiver's answer.
 */
export const sendMessage: Handlers["sendMessage"] = async (context) => {
  context.log.info('POST /messages is not implemented yet');
};
