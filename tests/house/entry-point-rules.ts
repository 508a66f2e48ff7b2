import path from "node:path";
import ts from "typescript";

// The house rule for entry points, read from the source with the TypeScript parser: a server action
// is an export of a "use server" module under actions/ built by defineAction, and a route handler is
// an HTTP method exported from app/**/route.ts built by defineRoute. Anything hand-written there
// would skip the role check, the input validation and the audited refusal.

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

const ROUTE_FILE = /^app\/(.+\/)?route\.[jt]sx?$/;

type Definition = { line: number } & (
  { kind: "value"; initializer: ts.Expression | undefined } | { kind: "function" | "class" | "enum" | "destructured" | "imported" | "re-exported" }
);
type Binding = { name: string } & Definition;

/** What breaks the rule in one file, one line per problem; `filePath` is relative to the project, with forward slashes. */
export function entryPointProblems(filePath: string, source: string): string[] {
  const file = ts.createSourceFile(filePath, source, ts.ScriptTarget.Latest, true, /x$/.test(filePath) ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const problems: string[] = [];
  const at = (line: number) => `${filePath}:${line}`;

  if (!filePath.startsWith("actions/")) {
    for (const line of useServerDirectives(file))
      problems.push(`${at(line)}: "use server" outside actions/; define the action with defineAction in actions/ and import it from there`);
  }
  if (isUseServerModule(file)) {
    const defineAction = importedName(file, filePath, "lib/action", "defineAction");
    for (const b of exportedBindings(file)) {
      if (!builtBy(b, defineAction))
        problems.push(`${at(b.line)}: ${b.name} is exported from a "use server" module but not built by defineAction(...) from lib/action`);
    }
  }
  if (ROUTE_FILE.test(filePath)) {
    const defineRoute = importedName(file, filePath, "lib/route", "defineRoute");
    for (const b of exportedBindings(file)) {
      if ((HTTP_METHODS as readonly string[]).includes(b.name) && !builtBy(b, defineRoute)) {
        problems.push(`${at(b.line)}: the route handler ${b.name} is not built by defineRoute(...) from lib/route`);
      }
    }
  }
  return problems;
}

/** A "use server" directive in the module's prologue: every export is a server action. */
export function isUseServerModule(file: ts.SourceFile): boolean {
  for (const s of file.statements) {
    if (!ts.isExpressionStatement(s) || !ts.isStringLiteral(s.expression)) return false;
    if (s.expression.text === "use server") return true;
  }
  return false;
}

/** Lines of every "use server" directive, the module's or a function's. */
function useServerDirectives(file: ts.SourceFile): number[] {
  const lines: number[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isExpressionStatement(node) && ts.isStringLiteral(node.expression) && node.expression.text === "use server") lines.push(lineOf(file, node));
    ts.forEachChild(node, visit);
  };
  visit(file);
  return lines;
}

function builtBy(b: Binding, wrapper: string | null): boolean {
  if (b.kind !== "value" || !wrapper || !b.initializer) return false;
  const call = b.initializer;
  return ts.isCallExpression(call) && ts.isIdentifier(call.expression) && call.expression.text === wrapper;
}

/** The local name under which `exported` is imported from the project module `target` (e.g. "lib/action"), or null. */
function importedName(file: ts.SourceFile, filePath: string, target: string, exported: string): string | null {
  for (const s of file.statements) {
    if (!ts.isImportDeclaration(s) || !ts.isStringLiteral(s.moduleSpecifier) || s.importClause?.isTypeOnly) continue;
    const spec = s.moduleSpecifier.text;
    const resolved = spec.startsWith("@/") ? spec.slice(2) : spec.startsWith(".") ? path.posix.join(path.posix.dirname(filePath), spec) : null;
    if (resolved !== target) continue;
    const bindings = s.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    for (const el of bindings.elements) {
      if (!el.isTypeOnly && (el.propertyName ?? el.name).text === exported) return el.name.text;
    }
  }
  return null;
}

/** Every value the module exports, with how it is defined; type-only exports are left out. */
function exportedBindings(file: ts.SourceFile): Binding[] {
  const out: Binding[] = [];
  const locals = new Map<string, Definition>();
  const exported = (node: ts.Node) => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const isDefault = (node: ts.Node) => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);

  for (const s of file.statements) {
    const line = lineOf(file, s);
    if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) {
        const names = ts.isIdentifier(d.name) ? [d.name.text] : bindingNames(d.name);
        for (const name of names) {
          const def: Definition = ts.isIdentifier(d.name) ? { kind: "value", initializer: d.initializer, line } : { kind: "destructured", line };
          locals.set(name, def);
          if (exported(s)) out.push({ name, ...def });
        }
      }
    } else if (ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isEnumDeclaration(s)) {
      const kind = ts.isFunctionDeclaration(s) ? "function" : ts.isClassDeclaration(s) ? "class" : "enum";
      const name = isDefault(s) ? "default" : (s.name?.text ?? "default");
      if (s.name) locals.set(s.name.text, { kind, line });
      if (exported(s)) out.push({ name, kind, line });
    } else if (ts.isImportDeclaration(s) && s.importClause && !s.importClause.isTypeOnly) {
      const clause = s.importClause;
      if (clause.name) locals.set(clause.name.text, { kind: "imported", line });
      if (clause.namedBindings && ts.isNamedImports(clause.namedBindings))
        for (const el of clause.namedBindings.elements) locals.set(el.name.text, { kind: "imported", line });
      if (clause.namedBindings && ts.isNamespaceImport(clause.namedBindings)) locals.set(clause.namedBindings.name.text, { kind: "imported", line });
    } else if (ts.isExportAssignment(s)) {
      out.push({ name: "default", kind: "value", initializer: s.expression, line });
    }
  }
  // `export { local as GET }` and re-exports, resolved once every local is known.
  for (const s of file.statements) {
    if (!ts.isExportDeclaration(s) || s.isTypeOnly) continue;
    const line = lineOf(file, s);
    if (!s.exportClause || !ts.isNamedExports(s.exportClause)) {
      out.push({ name: "*", kind: "re-exported", line });
      continue;
    }
    for (const el of s.exportClause.elements) {
      if (el.isTypeOnly) continue;
      const local = (el.propertyName ?? el.name).text;
      const def: Definition = s.moduleSpecifier ? { kind: "re-exported", line } : (locals.get(local) ?? { kind: "imported", line });
      out.push({ name: el.name.text, ...def });
    }
  }
  return out;
}

function bindingNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((e) => (ts.isOmittedExpression(e) ? [] : bindingNames(e.name)));
}

function lineOf(file: ts.SourceFile, node: ts.Node): number {
  return file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
}
