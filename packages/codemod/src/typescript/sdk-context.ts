import { Node, type SourceFile } from 'ts-morph';

// How @tinybirdco/sdk names resources (node_modules/@tinybirdco/sdk/dist/schema/*.d.ts,
// api/api.d.ts, client/base.d.ts): `defineDatasource(name, …)` and `definePipe`/`defineEndpoint`/
// `defineMaterializedView`/`defineCopyPipe`/`defineSinkPipe(name, …)` take the resource name
// first; the API and client take it first too: `query(pipeName)`, `ingest(datasourceName)`,
// `appendDatasource`/`deleteDatasource`/`truncateDatasource(datasourceName)`; raw SQL goes through
// `sql(text)`, `node({ sql })` and the `sql` tagged template.

const SDK_MODULE = /^@tinybirdco\/sdk(\/|$)/;

const DEFINE_FUNCTIONS: Readonly<Record<string, 'datasource' | 'pipe'>> = {
  defineDatasource: 'datasource',
  definePipe: 'pipe',
  defineEndpoint: 'pipe',
  defineMaterializedView: 'pipe',
  defineCopyPipe: 'pipe',
  defineSinkPipe: 'pipe',
};

const NAME_METHODS: Readonly<Record<string, 'datasource' | 'pipe'>> = {
  query: 'pipe',
  ingest: 'datasource',
  appendDatasource: 'datasource',
  deleteDatasource: 'datasource',
  truncateDatasource: 'datasource',
  replaceDatasource: 'datasource',
};

/** Object keys whose string value is a pipe or datasource name (`fetchTinybird({ pipe: 'x' })`). */
const NAME_KEYS: Readonly<Record<string, 'datasource' | 'pipe'>> = {
  pipe: 'pipe', pipeName: 'pipe', pipe_name: 'pipe', endpoint: 'pipe', endpointName: 'pipe',
  datasource: 'datasource', datasourceName: 'datasource', datasource_name: 'datasource',
};

/** What the SDK imports of a file make of the names used in it. */
export interface SdkImports {
  /** True when the file imports anything from @tinybirdco/sdk. */
  readonly any: boolean;
  /** Local name → SDK export name, for named imports. */
  readonly named: ReadonlyMap<string, string>;
  /** Local names of namespace imports (`import * as tb from '@tinybirdco/sdk'`). */
  readonly namespaces: ReadonlySet<string>;
}

/** The @tinybirdco/sdk imports of a source file. */
export function sdkImportsOf(file: SourceFile): SdkImports {
  const named = new Map<string, string>();
  const namespaces = new Set<string>();
  let any = false;
  for (const decl of file.getImportDeclarations()) {
    if (!SDK_MODULE.test(decl.getModuleSpecifierValue())) continue;
    any = true;
    for (const spec of decl.getNamedImports()) named.set(spec.getAliasNode()?.getText() ?? spec.getName(), spec.getName());
    const ns = decl.getNamespaceImport();
    if (ns) namespaces.add(ns.getText());
  }
  return { any, named, namespaces };
}

/** What a whole string expression is used as. */
export type StringContext =
  | { readonly kind: 'name'; readonly resource: 'datasource' | 'pipe'; readonly via: 'ts sdk' | 'ts property'; readonly proven: boolean; readonly what: string }
  | { readonly kind: 'sql'; readonly what: string }
  | { readonly kind: 'other' };

/** Classifies the string expression `root` by where it stands. */
export function contextOf(start: Node, sdk: SdkImports): StringContext {
  // `'x' as const`, `('x')` and `'x' satisfies T` stand where the string does.
  let root = start;
  for (let p = root.getParent(); p && (Node.isAsExpression(p) || Node.isSatisfiesExpression(p) || Node.isParenthesizedExpression(p)); p = p.getParent()) root = p;
  const parent = root.getParent();
  if ((Node.isPropertyAssignment(parent) && parent.getInitializer() === root) || (Node.isJsxAttribute(parent) && parent.getInitializer() === root)) {
    const key = parent.getNameNode().getText().replace(/^['"]|['"]$/g, '');
    // Own keys only: `{ constructor: … }` must not find Object.prototype's member.
    const resource = Object.hasOwn(NAME_KEYS, key) ? NAME_KEYS[key] : undefined;
    if (resource) return { kind: 'name', resource, via: 'ts property', proven: true, what: `${key}${Node.isJsxAttribute(parent) ? '=' : ':'}` };
    if (key === 'sql' && sdk.any) return { kind: 'sql', what: 'sql:' };
  }
  if (Node.isTaggedTemplateExpression(parent) && parent.getTemplate() === root && isSdkFunction(parent.getTag(), 'sql', sdk)) {
    return { kind: 'sql', what: 'sql`…`' };
  }
  if (Node.isCallExpression(parent) && parent.getArguments()[0] === root) {
    const callee = parent.getExpression();
    for (const [fn, resource] of Object.entries(DEFINE_FUNCTIONS)) {
      if (isSdkFunction(callee, fn, sdk)) return { kind: 'name', resource, via: 'ts sdk', proven: true, what: `${fn}()` };
    }
    if (Node.isPropertyAccessExpression(callee)) {
      const method = callee.getName();
      const resource = Object.hasOwn(NAME_METHODS, method) ? NAME_METHODS[method] : undefined;
      // The client is usually created in another module, so the receiver's name is the evidence
      // when the file itself does not import the SDK.
      const receiver = callee.getExpression().getText();
      const proven = sdk.any || /tinybird|\btb\b/i.test(receiver);
      if (resource) return { kind: 'name', resource, via: 'ts sdk', proven, what: `.${method}()` };
      if (method === 'sql' && proven) return { kind: 'sql', what: '.sql()' };
    }
  }
  return { kind: 'other' };
}

function isSdkFunction(callee: Node, name: string, sdk: SdkImports): boolean {
  if (Node.isIdentifier(callee)) return sdk.named.get(callee.getText()) === name;
  if (Node.isPropertyAccessExpression(callee)) {
    const object = callee.getExpression();
    return callee.getName() === name && Node.isIdentifier(object) && sdk.namespaces.has(object.getText());
  }
  return false;
}
