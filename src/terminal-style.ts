import { styleText } from 'node:util';

/*
 * cisfleet's own colours, below both the reporter (ui/) and the report renderers (report/render/), which colour
 * a table the same way on a terminal. Whether to colour is decided once (flags, NO_COLOR, TTY) by the caller.
 */

/** Plain functions, not methods: renderers pass them around unbound (`paintHeader: style.bold`). */
export interface Styler {
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly red: (s: string) => string;
  readonly green: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly cyan: (s: string) => string;
}

export function makeStyler(color: boolean): Styler {
  const paint =
    (format: Parameters<typeof styleText>[0]) =>
    (s: string): string =>
      // The caller decided (flags, NO_COLOR, TTY): styleText must not second-guess it per stream.
      color ? styleText(format, s, { validateStream: false }) : s;
  return {
    bold: paint('bold'),
    dim: paint('dim'),
    red: paint('red'),
    green: paint('green'),
    yellow: paint('yellow'),
    cyan: paint('cyan'),
  };
}
