/**
 * Text that is safe to print: a timeline or a headline shows paths, values and messages that the
 * code under test chose, and a newline, a terminal escape sequence or a NUL among them would
 * break a line in two, recolour the terminal or hide what follows. Each such character is written
 * as an escape instead (`\n`, `\t`, `\x1b`, `\u{2028}`). Backslashes are left alone: JSON values in
 * a timeline carry their own (`"a\"b"`), and doubling them would make every one harder to read.
 */

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

// C0 and C1 controls, DEL, the line and paragraph separators, and lone surrogates.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function escapeOne(char: string): string {
  const named = NAMED[char];
  if (named !== undefined) return named;
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
}

/** `text` with every non-printable character escaped; printable text comes back unchanged. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, escapeOne);
}
