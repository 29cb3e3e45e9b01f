import { Node, SyntaxKind } from 'ts-morph';

/** Stands for the value of an expression the codemod cannot compute. */
export const HOLE = '\u0000';

/**
 * The static text of a string expression as written (escapes kept), with the file offset of each
 * character; `-1` marks a {@link HOLE}, a character standing for a computed part.
 */
export interface FlatString {
  readonly text: string;
  readonly offsets: readonly number[];
}

const STRING_KINDS = new Set([
  SyntaxKind.StringLiteral, SyntaxKind.NoSubstitutionTemplateLiteral, SyntaxKind.TemplateExpression,
  SyntaxKind.TemplateHead, SyntaxKind.TemplateMiddle, SyntaxKind.TemplateTail,
]);

/** True for the tokens and nodes a name can be written in: string and template literal parts. */
export function isStringToken(node: Node): boolean {
  return STRING_KINDS.has(node.getKind());
}

/**
 * The outermost string expression around a string token: through template spans, `+`
 * concatenations and parentheses, so `'/v0/pipes/' + 'x' + '.json'` is read as one string.
 */
export function stringRootOf(token: Node): Node {
  let node: Node = token.getKind() === SyntaxKind.TemplateHead || token.getKind() === SyntaxKind.TemplateMiddle || token.getKind() === SyntaxKind.TemplateTail
    ? token.getParentOrThrow()
    : token;
  if (node.getKind() === SyntaxKind.TemplateSpan) node = node.getParentOrThrow();
  for (;;) {
    const parent = node.getParent();
    if (!parent) return node;
    if (Node.isTemplateSpan(parent)) node = parent.getParentOrThrow();
    else if (Node.isParenthesizedExpression(parent)) node = parent;
    else if (Node.isBinaryExpression(parent) && parent.getOperatorToken().getKind() === SyntaxKind.PlusToken) node = parent;
    else if (Node.isTemplateExpression(parent)) node = parent;
    else return node;
  }
}

/** Flattens a string expression; undefined when `node` does not evaluate to a string. */
export function flattenString(node: Node): FlatString | undefined {
  const out = { text: '', offsets: [] as number[] };
  return flattenInto(node, out) ? out : undefined;
}

function flattenInto(node: Node, out: { text: string; offsets: number[] }): boolean {
  if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) {
    pushRaw(out, node, 1, 1);
    return true;
  }
  if (Node.isTemplateExpression(node)) {
    pushRaw(out, node.getHead(), 1, 2);
    for (const span of node.getTemplateSpans()) {
      embed(span.getExpression(), out);
      const literal = span.getLiteral();
      pushRaw(out, literal, 1, literal.getKind() === SyntaxKind.TemplateTail ? 1 : 2);
    }
    return true;
  }
  if (Node.isParenthesizedExpression(node)) return flattenInto(node.getExpression(), out);
  if (Node.isBinaryExpression(node) && node.getOperatorToken().getKind() === SyntaxKind.PlusToken) {
    const left = flattenString(node.getLeft());
    const right = flattenString(node.getRight());
    if (!left && !right) return false;
    append(out, left);
    append(out, right);
    return true;
  }
  return false;
}

/** A template span's expression: its text when it is itself a string, else a hole. */
function embed(expression: Node, out: { text: string; offsets: number[] }): void {
  append(out, flattenString(expression));
}

function append(out: { text: string; offsets: number[] }, part: FlatString | undefined): void {
  if (part) {
    out.text += part.text;
    out.offsets.push(...part.offsets);
  } else {
    out.text += HOLE;
    out.offsets.push(-1);
  }
}

function pushRaw(out: { text: string; offsets: number[] }, node: Node, open: number, close: number): void {
  const start = node.getStart();
  const raw = node.getText();
  const inner = raw.slice(open, raw.length - close);
  out.text += inner;
  for (let i = 0; i < inner.length; i++) out.offsets.push(start + open + i);
}

/** True when `[from, to)` of a flat string is written contiguously in the file (no holes, one literal). */
export function isContiguous(flat: FlatString, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const o = flat.offsets[i];
    if (o === undefined || o < 0) return false;
    if (i > from && o !== flat.offsets[i - 1]! + 1) return false;
  }
  return to > from;
}
