import type { BlockBody, Directive, Range } from './ast.js';
import { EMPTY_LIST } from './shared.js';

type Arg = Range & { readonly text: string };

/**
 * A directive line whose name range, value range and args are objects made on first use, from
 * offsets it keeps as numbers. A project's parse results live for a whole graph or lint run, and
 * the young-generation collector copies every object they keep (twice) while the rest of the
 * project is parsed: as plain objects, those three were four of a directive's five objects, and
 * parsing needs only the value and, for a few directives, the args.
 */
export class DirectiveNode implements Directive {
  readonly type = 'Directive' as const;
  readonly name: string;
  readonly key: string | undefined;
  readonly indented: boolean;
  readonly value: string;
  readonly block: BlockBody | undefined;
  readonly comment: Range | undefined;
  readonly unbalancedQuote: true | undefined;
  readonly start: number;
  readonly end: number;
  readonly #source: string;
  readonly #nameEnd: number;
  readonly #argCount: number;
  /** Where the first arg starts and the last one ends (the value range of a line). */
  readonly #argsStart: number;
  readonly #argsEnd: number;
  /** `[start0, end0, start1, end1, …]` when there are two args or more: one arg needs no array. */
  readonly #bounds: readonly number[] | undefined;
  #nameRange: Range | undefined;
  #valueRange: Range | undefined;
  #args: readonly Arg[] | undefined;

  constructor(
    source: string,
    name: string,
    key: string | undefined,
    nameStart: number,
    nameEnd: number,
    indented: boolean,
    argScratch: readonly number[],
    argCount: number,
    value: string,
    block: BlockBody | undefined,
    comment: Range | undefined,
    unbalancedQuote: boolean,
    end: number,
  ) {
    this.name = name;
    this.key = key;
    this.indented = indented;
    this.value = value;
    this.block = block;
    this.comment = comment;
    this.unbalancedQuote = unbalancedQuote ? true : undefined;
    this.start = nameStart;
    this.end = end;
    this.#source = source;
    this.#nameEnd = nameEnd;
    this.#argCount = argCount;
    this.#argsStart = argCount === 0 ? nameEnd : argScratch[0]!;
    this.#argsEnd = argCount === 0 ? nameEnd : argScratch[argCount * 2 - 1]!;
    this.#bounds = argCount > 1 ? argScratch.slice(0, argCount * 2) : undefined;
  }

  get argCount(): number {
    return this.#argCount;
  }

  get nameRange(): Range {
    return (this.#nameRange ??= { start: this.start, end: this.#nameEnd });
  }

  get valueRange(): Range {
    if (this.block) return this.block.body;
    return (this.#valueRange ??= { start: this.#argsStart, end: this.#argsEnd });
  }

  get args(): readonly Arg[] {
    if (this.#args) return this.#args;
    if (this.#argCount === 0) return (this.#args = EMPTY_LIST);
    const b = this.#bounds ?? [this.#argsStart, this.#argsEnd];
    const args: Arg[] = [];
    for (let i = 0; i < b.length; i += 2) args.push({ start: b[i]!, end: b[i + 1]!, text: this.#source.slice(b[i]!, b[i + 1]!) });
    return (this.#args = args);
  }
}

