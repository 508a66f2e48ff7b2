import ts from "typescript";

// The house rule for AWS writes, read from the source with the TypeScript parser: a command that
// changes something in AWS is sent through a write client (one whose name ends in "Writes", built
// with the throttling-only retry strategy in lib/aws/aws-clients.ts), directly as the argument of
// its send(...). Sent through a read client, the SDK's standard retries would repeat it blindly
// after a 5xx or a dropped connection.

/** Command names that change something: every AWS API names its writes with one of these verbs. */
export const MUTATING_COMMAND =
  /^(Create|Put|Delete|Attach|Detach|Update|Provision|Tag|Untag|Import|Associate|Disassociate|Start|Stop|Enable|Disable|Register|Deregister|Move|Remove|Add|Invite|Accept|Decline|Cancel|Reset|Set)[A-Z]\w*Command$/;

const WRITE_CLIENT = /(^w|W)rites$/;

export type CommandUse = { command: string; line: number; client: string | null };

/** Every mutating command built in the file, with the client it is sent through (null when it is not sent directly). */
export function mutatingCommands(filePath: string, source: string): CommandUse[] {
  const file = ts.createSourceFile(filePath, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const aliases = new Map<string, ts.Expression>();
  const uses: CommandUse[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) aliases.set(node.name.text, node.initializer);
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && MUTATING_COMMAND.test(node.expression.text)) {
      const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
      uses.push({ command: node.expression.text, line, client: sentThrough(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  // An alias (const writes = t.clients.ssoAdminWrites) is judged by what it names.
  return uses.map((u) => ({ ...u, client: u.client && resolve(u.client, aliases) }));
}

/** What breaks the rule in one file, one line per problem. */
export function unguardedWrites(filePath: string, source: string): string[] {
  return mutatingCommands(filePath, source)
    .filter((u) => u.client === null || !WRITE_CLIENT.test(u.client))
    .map((u) =>
      u.client === null
        ? `${filePath}:${u.line}: ${u.command} is not passed straight to a write client's send(...)`
        : `${filePath}:${u.line}: ${u.command} is sent through ${u.client}, not a write client (e.g. t.clients.ssoAdminWrites), so it would be retried after a 5xx`,
    );
}

function sentThrough(command: ts.NewExpression): string | null {
  const call = command.parent;
  if (!ts.isCallExpression(call) || call.arguments[0] !== command) return null;
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "send") return null;
  return callee.expression.getText();
}

function resolve(client: string, aliases: Map<string, ts.Expression>): string {
  const seen = new Set<string>();
  let name = client;
  while (aliases.has(name) && !seen.has(name)) {
    seen.add(name);
    name = aliases.get(name)!.getText();
  }
  return name;
}
