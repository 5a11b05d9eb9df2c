import { validate } from '@hyperjump/json-schema/openapi-3-1';
console.log(await validate('https://spec.openapis.org/oas/3.1/schema', { openapi: '3.1.0', info: { title: 't', version: '1' }, components: { schemas: { A: { type: 'strng' } } } }));
