/**
 * Colour for terminal output: on only when the stream is a terminal and `NO_COLOR` is unset or
 * empty (no-color.org), so logs, pipes and files get plain text.
 */

/** Ways to mark a word; each is the identity when colour is off. */
export interface Style {
  good(text: string): string;
  bad(text: string): string;
  warn(text: string): string;
  bold(text: string): string;
  dim(text: string): string;
}

const code = (open: number, close: number) => (text: string) =>
  `\u001b[${open}m${text}\u001b[${close}m`;

const COLOUR: Style = {
  good: code(32, 39),
  bad: code(31, 39),
  warn: code(33, 39),
  bold: code(1, 22),
  dim: code(2, 22),
};

const identity = (text: string) => text;
const PLAIN: Style = {
  good: identity,
  bad: identity,
  warn: identity,
  bold: identity,
  dim: identity,
};

/** Whether to colour what goes to `stream`. */
export function useColour(
  stream: { isTTY?: boolean | undefined },
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  return stream.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '');
}

/** The style for `stream` (see `useColour`), or a fixed one for tests. */
export function styleFor(
  stream: { isTTY?: boolean | undefined },
  env: NodeJS.ProcessEnv = process.env,
): Style {
  return useColour(stream, env) ? COLOUR : PLAIN;
}

/** Colour on or off, explicitly. */
export function style(colour: boolean): Style {
  return colour ? COLOUR : PLAIN;
}
