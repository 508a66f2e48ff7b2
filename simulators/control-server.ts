import http from "node:http";
import { checkLostAnswer, type FaultInjector, type FaultRule } from "./faults";
import { readBody } from "./read-body";

// A small HTTP API to steer the running simulators (tests, demos, a person at a terminal):
//   GET    /faults          the active fault rules
//   PUT    /faults          replace them with a JSON array of rules
//   DELETE /faults          remove them all
// plus the operations the caller registers (e.g. POST /aws/scim/tokens to issue a token).

export type ControlOperation = {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  /** answers with a value, or a promise of one */
  run: (body: unknown) => unknown;
};

export type ControlServer = { url: string; close(): Promise<void> };

export async function startControlServer(opts: { faults: FaultInjector; operations?: ControlOperation[]; port?: number }): Promise<ControlServer> {
  const operations: ControlOperation[] = [
    { method: "GET", path: "/faults", run: () => opts.faults.list() },
    {
      method: "PUT",
      path: "/faults",
      run: (body) => {
        if (!Array.isArray(body)) throw new ControlError(400, "send a JSON array of fault rules");
        try {
          (body as FaultRule[]).forEach(checkLostAnswer);
        } catch (e) {
          throw new ControlError(400, (e as Error).message);
        }
        opts.faults.set(body as FaultRule[]);
        return opts.faults.list();
      },
    },
    { method: "DELETE", path: "/faults", run: () => (opts.faults.clear(), []) },
    ...(opts.operations ?? []),
  ];
  const server = http.createServer((req, res) => {
    void handle(req, res, operations);
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Thrown by an operation to answer with `status` and the message, e.g. 400 for a bad body. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse, operations: ControlOperation[]) {
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  };
  const path = new URL(req.url ?? "/", "http://control").pathname;
  const op = operations.find((o) => o.method === req.method && o.path === path);
  if (!op) return send(404, { error: `no control operation ${req.method} ${path}`, operations: operations.map((o) => `${o.method} ${o.path}`) });
  try {
    const text = (await readBody(req, 1024 * 1024)).toString("utf8");
    const body = text ? (JSON.parse(text) as unknown) : undefined;
    send(200, (await op.run(body)) ?? null);
  } catch (e) {
    send(e instanceof ControlError ? e.status : e instanceof SyntaxError ? 400 : 500, { error: (e as Error).message });
  }
}
