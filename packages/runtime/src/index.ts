/**
 * @boomerang/runtime: what generated servers (Fastify, Hono) run to send callbacks — Standard Webhooks
 * signing, guarded and retried delivery, JSON Schema validation — and to answer errors as RFC 9457
 * problems. The request and reply rules are framework-free modules, each framework's adapter is thin,
 * and adapters import only their framework's types: importing this package loads neither framework.
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
export type { ErrorLike } from './problem.ts';
export { runtimeVersion } from './version.ts';
export { bindCallback, registerCallbackSpecs } from './bound-callback.ts';
export { authenticateDelivery, MissingCredentialError, type DeliveryAuthSpec, type DeliveryCredentialSpec, type DeliveryCredentials } from './delivery-auth.ts';
export type { BoundCallback, CallbackOutcome, CallbackSenderOptions, CallbackSpec, QueueOutcome, RequestSnapshot, ResponseSnapshot } from './bound-callback.ts';
export { webhookSender } from './webhook-sender.ts';
export type { WebhookQueueOutcome, WebhookSendOutcome, WebhookSender, WebhookSpec } from './webhook-sender.ts';
export { createOutbox } from './outbox/outbox.ts';
export type { AnswerValidator, Deliveries, Outbox, OutboxOptions, QueuedRequest, QueueOptions } from './outbox/outbox.ts';
export { createDispatcher } from './outbox/dispatcher.ts';
export type { AttemptReport, Dispatcher, DispatcherOptions } from './outbox/dispatcher.ts';
export { defaultRetrySchedule, nextRetryDelay, resolveRetrySchedule } from './outbox/schedule.ts';
export type { ResolvedRetrySchedule, RetryScheduleOptions } from './outbox/schedule.ts';
export { defaultStoreLocation, describeStoreLocation, openStore } from './outbox/open-store.ts';
export { subscriptionsOf } from './outbox/subscriptions.ts';
export type { NewSubscription, Subscriptions } from './outbox/subscriptions.ts';
export type {
  Delivery,
  DeliveryAttempt,
  DeliveryDetail,
  DeliveryFilter,
  DeliveryKind,
  DeliveryState,
  DeliveryStore,
  NewDelivery,
  NextStep,
  Subscription,
  SubscriptionPatch,
  TransactionHandle,
} from './outbox/store.ts';
export { checkCallbackUrls } from './callback-url-check.ts';
// The rules every server target follows (request content, bodies, validation, problems, replies, routes).
export { mediaTypeEssence } from './media-type.ts';
export { compileContentCheck, hasRequestContent } from './request-content-check.ts';
export type { ContentCheck, RequestBodySpec } from './request-content-check.ts';
export { parseRequestBody } from './request-body.ts';
export type { JsonPoisoning, PoisoningAction } from './request-body.ts';
export { createRequestSchemaCompiler, runRequestValidator } from './request-validation.ts';
export type { RequestSchemaCompiler, RequestSchemaCompilerOptions, RequestValidator } from './request-validation.ts';
export { parseStyledParameters, serializeHeaderParameter, serializePathParameter, serializeQueryParameter } from './shared/parameter-style.ts';
export type { ParameterLocation as StyledParameterLocation, RawParameters, StyledParameter, StyleParseResult } from './shared/parameter-style.ts';
export { bodyTooLargeProblem, problemForError, requestValidationProblem, routeProblem } from './problem.ts';
export { replyMediaType, serializeReplyBody } from './reply-serialization.ts';
export type { ReplyMediaTypes, SerializedReply } from './reply-serialization.ts';
export { compileRouteTable } from './route-table.ts';
export type { AllowedMethods, RouteEntry } from './route-table.ts';
export { answerClientError } from './node-client-errors.ts';
export { createJsonLogger, silentLogger } from './json-logger.ts';
export type { JsonLoggerOptions, LogFn, Logger, LogLevel } from './json-logger.ts';
// Fastify.
export { useJsonSchema2020 } from './fastify-validation.ts';
export { problemDetailsServerOptions } from './framework-errors.ts';
export { checkRequestContent, installBodyParsers } from './request-content.ts';
export { sendReplyBody } from './reply-body.ts';
// Hono (and any fetch runtime it runs on).
export { honoBody, honoCheckRequestContent, honoOnlyMethod, honoQuery, honoReadBody, honoValidateBody, honoValidated, honoValidation } from './hono-request.ts';
export { installHonoProblemDetails, problemResponse } from './hono-problem-details.ts';
export { honoLog, installHonoRequestLog } from './hono-request-log.ts';
export { honoAfterResponse, honoReply } from './hono-reply.ts';
export type { HandlerReply } from './hono-reply.ts';
