import { printable } from '../printable.js';

/**
 * Text for HTML. Everything a report holds can come from the code under test (keys, paths,
 * values, messages) or from an edited file, so every piece of it goes through `html`: control
 * characters are escaped first (as the text timeline does), then the five characters that could
 * open markup or leave an attribute. Attribute values are always double-quoted by the layout.
 */
export function html(text: string | number): string {
  return printable(String(text)).replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** An id made only of a case name and a number, so that no report text reaches an id or a link. */
export function anchor(which: 'original' | 'minimized', kind: 'op' | 's' | 'v', n: number): string {
  return `${which}-${kind}${Math.trunc(n)}`;
}
