/** TypeScript types of a document, by openapi-typescript (pinned; it needs TypeScript 5's compiler API). */
import openapiTS, { astToString } from 'openapi-typescript';

export async function openapiTypes(document: Record<string, unknown>): Promise<string> {
  const ast = await openapiTS(document as never, { silent: true });
  return astToString(ast).replace(/\r\n?/g, '\n');
}
