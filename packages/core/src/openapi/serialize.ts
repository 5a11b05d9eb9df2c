/** The one printer for documents: JSON or YAML, LF line endings, no YAML anchors, final newline. */
import { yamlText } from './yaml.ts';

export type DocumentFormat = 'json' | 'yaml';

export function serializeDocument(document: unknown, format: DocumentFormat): string {
  if (format === 'json') return `${JSON.stringify(document, null, 2)}\n`;
  // Repeated objects are written out, not aliased: many OpenAPI tools reject anchors.
  return yamlText(document);
}
