/**
 * A JSON parser that remembers the line each object starts on, so errors inside a
 * Label Studio or W3C file can name the line of the task or annotation. JSON.parse
 * gives no positions. Keys are set as own properties (`__proto__` stays a plain key).
 */
import { setOwn } from './shared';

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

export interface LocatedJson {
  value: unknown;
  /** 1-based line where an object or array starts. */
  lineOf(node: object): number | undefined;
}

export function parseJsonWithLines(text: string, firstLine = 1): LocatedJson {
  const lines = new WeakMap<object, number>();
  let i = 0;
  let line = firstLine;
  const n = text.length;

  const fail = (message: string): never => {
    throw new JsonSyntaxError(`${message} at line ${line}`, line);
  };

  const skip = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x0a) {
        line++;
        i++;
      } else if (c === 0x20 || c === 0x09 || c === 0x0d) i++;
      else break;
    }
  };

  const parseString = (): string => {
    // Fast path: no escapes.
    const start = ++i;
    let out = '';
    let chunkStart = start;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(chunkStart, i);
        i++;
        return out;
      }
      if (c === 0x5c) {
        out += text.slice(chunkStart, i);
        const e = text[i + 1];
        i += 2;
        switch (e) {
          case '"': out += '"'; break;
          case '\\': out += '\\'; break;
          case '/': out += '/'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'n': out += '\n'; break;
          case 'r': out += '\r'; break;
          case 't': out += '\t'; break;
          case 'u': {
            const hex = text.slice(i, i + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad \\u escape');
            out += String.fromCharCode(parseInt(hex, 16));
            i += 4;
            break;
          }
          default:
            fail('bad escape');
        }
        chunkStart = i;
        continue;
      }
      if (c < 0x20) fail('control character in string');
      i++;
    }
    return fail('unterminated string');
  };

  const parseValue = (depth: number): unknown => {
    if (depth > 512) fail('nesting too deep');
    skip();
    const c = text[i];
    if (c === '{') {
      const obj: Record<string, unknown> = {};
      lines.set(obj, line);
      i++;
      skip();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        skip();
        if (text[i] !== '"') fail('expected a key');
        const key = parseString();
        skip();
        if (text[i] !== ':') fail('expected ":"');
        i++;
        setOwn(obj, key, parseValue(depth + 1));
        skip();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return obj;
        }
        fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      const arr: unknown[] = [];
      lines.set(arr, line);
      i++;
      skip();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(parseValue(depth + 1));
        skip();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return arr;
        }
        fail('expected "," or "]"');
      }
    }
    if (c === '"') return parseString();
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (m) {
      i += m[0].length;
      return Number(m[0]);
    }
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return value;
      }
    }
    return fail(i >= n ? 'unexpected end of JSON' : `unexpected ${JSON.stringify(text[i])}`);
  };

  if (text.charCodeAt(0) === 0xfeff) i = 1;
  const value = parseValue(0);
  skip();
  if (i < n) fail('unexpected text after JSON value');
  return { value, lineOf: (node) => lines.get(node) };
}

/** JSON.parse for one JSONL line; returns an error message instead of throwing. */
export function parseJsonLine(line: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    // JSON.parse defines "__proto__" as an own data property, so it cannot pollute.
    return { ok: true, value: JSON.parse(line) as unknown };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}
