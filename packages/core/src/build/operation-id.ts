/**
 * Readable, stable operationIds for operations that do not name one: the method, then the path's
 * words in PascalCase, with path parameters as `By<Name>`:
 * `POST /invoices/` → `postInvoices`, `GET /users/{user_id}/items` → `getUsersByUserIdItems`, `GET /` → `getRoot`.
 */
import type { HttpMethod } from '../definition.ts';
import { diagnostic, type Diagnostic } from '../diagnostics.ts';

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

/**
 * Generated code names each operation after its operationId, converted where it is not an identifier:
 * `get-board` → the handler key `"get-board"`, the binding `getBoard`, the types `GetBoard…`, the client
 * method `getBoard`. Two operationIds that convert to one name (`get-board` and `getBoard`, `get_board`)
 * would collide there, so they are an error here (BMR141), reported at the later one.
 */
export function operationNameCollisions(operations: readonly { readonly operationId: string; readonly where: string }[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const first = new Map<string, { readonly operationId: string; readonly where: string }>();
  for (const op of operations) {
    const name = pascalWords(op.operationId);
    const previous = first.get(name);
    if (previous === undefined) first.set(name, op);
    else if (previous.operationId !== op.operationId) {
      diagnostics.push(
        diagnostic(
          'BMR141',
          op.where,
          `the operationId \`${op.operationId}\` and \`${previous.operationId}\` (${previous.where}) both become \`${camelWords(name)}\` / \`${name}\` in generated code (handlers, their context types, the client's methods).`,
          'Rename one of them so that its words differ from the other\'s: generated code joins the words, so `get-board`, `get_board` and `getBoard` are all `getBoard`.',
        ),
      );
    }
  }
  return diagnostics;
}
