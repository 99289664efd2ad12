/**
 * How each lane looks: an Okabe-Ito colour and a symbol, so that two lanes differ in shape as
 * well as colour. Clients take them in order and wrap around; the runner's lane is grey.
 */
const CLIENT_LOOKS: readonly { readonly colour: string; readonly symbol: string }[] = [
  { colour: 'var(--blue)', symbol: '\u25CF' },
  { colour: 'var(--orange)', symbol: '\u25A0' },
  { colour: 'var(--green)', symbol: '\u25B2' },
  { colour: 'var(--purple)', symbol: '\u25C6' },
  { colour: 'var(--sky)', symbol: '\u25BC' },
  { colour: 'var(--yellow)', symbol: '\u2605' },
  { colour: 'var(--vermillion)', symbol: '\u2B1F' },
  { colour: 'var(--black)', symbol: '\u271A' },
];

export function laneLook(key: string): { readonly colour: string; readonly symbol: string } {
  const client = /^c(\d+)$/.exec(key);
  if (client === null) return { colour: 'var(--grey)', symbol: key === 'unknown' ? '?' : '\u2699' };
  return CLIENT_LOOKS[Number(client[1]) % CLIENT_LOOKS.length] as { colour: string; symbol: string };
}

/** Symbol and word of each fate and outcome: never colour alone. */
export const FATE_LOOK: Readonly<Record<string, { readonly symbol: string; readonly word: string }>> = {
  survived: { symbol: '\u2714', word: 'survived' },
  lost: { symbol: '\u2718', word: 'lost' },
  torn: { symbol: '\u25D0', word: 'torn' },
  'size-only': { symbol: '\u25A4', word: 'size only' },
};

export const STATUS_LOOK: Readonly<Record<string, string>> = { ok: '\u25C0 ok', error: '\u25B3 error', cut: '\u2702 cut by the crash' };
