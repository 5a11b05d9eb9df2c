/**
 * Judge: validates a whole OpenAPI document against the official OAS JSON Schemas, as shipped by
 * @hyperjump/json-schema. For 3.1 it uses the `schema-base` variant, which also checks every Schema
 * Object against the OAS base dialect (so `{ type: 'strng' }` fails); the plain `schema` variant would
 * accept any object there. For 3.0 the official 3.0 schema checks Schema Objects itself.
 */
import { BASIC } from '@hyperjump/json-schema/experimental';
import { validate as validate30 } from '@hyperjump/json-schema/openapi-3-0';
import { validate as validate31 } from '@hyperjump/json-schema/openapi-3-1';
import type { OutputUnit } from '@hyperjump/json-schema';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The schema ids registered by `@hyperjump/json-schema/openapi-3-1` and `/openapi-3-0`. */
const oas31SchemaBase = 'https://spec.openapis.org/oas/3.1/schema-base';
const oas30Schema = 'https://spec.openapis.org/oas/3.0/schema';
/** What hyperjump reports as the keyword when a boolean `false` schema rejects a value. */
const falseSchema = 'https://json-schema.org/evaluation/validate';

export async function validateAgainstOfficialSchema(doc: unknown): Promise<{ valid: boolean; errors: string[] }> {
  // Judge the document as it would be written out: JSON, without `undefined` members.
  const json = JSON.parse(JSON.stringify(doc) ?? 'null') as Json;
  const version = isRecord(json) ? json['openapi'] : undefined;
  let output;
  if (typeof version === 'string' && /^3\.1\.\d+(-.+)?$/.test(version)) {
    output = await validate31(oas31SchemaBase, json, BASIC);
  } else if (typeof version === 'string' && /^3\.0\.\d+(-.+)?$/.test(version)) {
    output = await validate30(oas30Schema, json, BASIC);
  } else {
    return { valid: false, errors: [`#/openapi: ${JSON.stringify(version ?? null)} is not an OpenAPI 3.0.x or 3.1.x version`] };
  }
  if (output.valid) return { valid: true, errors: [] };
  const errors = [...new Set((output.errors ?? []).map((unit) => describe(unit, json)))];
  return { valid: false, errors };
}

/**
 * `#/components/schemas/A/type = "strng": enum (https://…/meta/validation#/$defs/simpleTypes/enum)`:
 * where in the document (percent-decoded: `~1invoices~1{id}`), the value there, the keyword that
 * failed, and where that keyword lives in the official schema.
 */
function describe(unit: OutputUnit, doc: Json): string {
  // A `false` schema (`additionalProperties: false`, `unevaluatedProperties: false`) fails as a whole.
  const keyword = unit.keyword === falseSchema ? 'not allowed' : unit.keyword.slice(unit.keyword.lastIndexOf('/') + 1);
  const value = valueAt(doc, unit.instanceLocation);
  const shown = value === undefined ? '' : ` = ${abbreviate(value)}`;
  return `${safeDecode(unit.instanceLocation)}${shown}: ${keyword} (${unit.absoluteKeywordLocation})`;
}

function valueAt(doc: Json, location: string): unknown {
  let value: unknown = doc;
  const pointer = location.replace(/^#/, '');
  if (pointer === '') return value;
  for (const raw of pointer.slice(1).split('/')) {
    const token = safeDecode(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(value)) value = value[Number(token)];
    else if (isRecord(value)) value = value[token];
    else return undefined;
  }
  return value;
}

/** Short values in full; objects and arrays by their shape, so a message stays one line. */
function abbreviate(value: unknown): string {
  if (Array.isArray(value)) return `[array of ${value.length}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value);
    return `{${keys.slice(0, 5).join(', ')}${keys.length > 5 ? ', …' : ''}}`;
  }
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
