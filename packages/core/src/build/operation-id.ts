/**
 * Readable, stable operationIds for operations that do not name one: the method, then the path's
 * words in PascalCase, with path parameters as `By<Name>`:
 * `POST /invoices/` → `postInvoices`, `GET /users/{user_id}/items` → `getUsersByUserIdItems`, `GET /` → `getRoot`.
 */
import type { HttpMethod } from '../definition.ts';

export function pascalWords(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
}

export function camelWords(text: string): string {
  const pascal = pascalWords(text);
  return pascal ? pascal[0]!.toLowerCase() + pascal.slice(1) : pascal;
}

export function deriveOperationId(method: HttpMethod, path: string): string {
  const segments = path.split('/').filter(Boolean);
  const words = segments.map((segment) => {
    const parameter = /^\{(.+)\}$/.exec(segment);
    return parameter ? `By${pascalWords(parameter[1]!)}` : pascalWords(segment);
  });
  const tail = words.join('');
  return method + (tail || 'Root');
}

/**
 * Extends an identifier in its own style: `create_invoice` + `invoice-notification` →
 * `create_invoice_invoice_notification`; `postInvoices` + `invoice_notification` → `postInvoicesInvoiceNotification`.
 */
export function extendIdentifier(base: string, ...words: readonly string[]): string {
  const parts = words.filter(Boolean);
  if (/^[a-z0-9]+(_[a-z0-9]+)+$/.test(base)) {
    return [base, ...parts.map((w) => w.split(/[^A-Za-z0-9]+/).filter(Boolean).join('_').toLowerCase())].join('_');
  }
  return base + parts.map(pascalWords).join('');
}
