/**
 * @boomerang/runtime: what generated Fastify servers run to send callbacks — Standard Webhooks signing,
 * guarded and retried delivery, JSON Schema validation — and to answer errors as RFC 9457 problems.
 */
export { generateSecret, parseSecret, signPayload, verifyPayload } from './standard-webhooks.ts';
export type { SignInput, VerifyFailure, VerifyInput, VerifyResult, WebhookHeaders } from './standard-webhooks.ts';
export { classifyAddress } from './ip-address.ts';
export type { AddressClass } from './ip-address.ts';
export { checkDestination, checkDestinationStatically, createGuardedLookup, DestinationRefusedError, guardedLookup, systemResolver } from './address-guard.ts';
export type { DestinationCheck, DestinationPolicy, RefusalReason, ResolvedAddress, Resolver, StaticDestinationCheck } from './address-guard.ts';
export { deliver } from './deliver.ts';
export type { DeliveryFailure, DeliveryFailureReason, DeliveryOptions, DeliveryResult, OutgoingRequest } from './deliver.ts';
export type { RetryOptions } from './retry-schedule.ts';
export { compileJsonSchema } from './json-schema-validator.ts';
export type { SchemaValidator } from './json-schema-validator.ts';
export { issuesFromAjvErrors } from './validation-issue.ts';
export type { AjvErrorLike, ValidationIssue } from './validation-issue.ts';
export { installProblemDetails, problem, ProblemError, problemContentType, sendProblem } from './problem-details.ts';
export type { ProblemDetails, ProblemDetailsOptions, ProblemInput, RequestPart, RequestValidationIssue } from './problem-details.ts';
export { runtimeVersion } from './version.ts';
export { bindCallback } from './bound-callback.ts';
export type { BoundCallback, CallbackOutcome, CallbackSenderOptions, CallbackSpec, RequestSnapshot, ResponseSnapshot } from './bound-callback.ts';
export { checkCallbackUrls } from './callback-url-check.ts';
export { useJsonSchema2020 } from './fastify-validation.ts';
export { problemDetailsServerOptions } from './framework-errors.ts';
export { checkRequestContent, installBodyParsers } from './request-content.ts';
export type { RequestBodySpec } from './request-content.ts';
export { sendReplyBody } from './reply-body.ts';
