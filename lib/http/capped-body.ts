// A server we call decides how much it sends back; SSO Bridge decides how much it reads. A body past
// the cap is refused from its Content-Length when the server gives one, and otherwise as soon as the
// bytes read pass the cap, so an endless or huge answer costs no more memory than the cap.

/** The answer was larger than the caller's cap; nothing of it is kept. */
export class ResponseTooLarge extends Error {
  constructor(
    readonly status: number,
    readonly maxBytes: number,
  ) {
    super(`The answer (HTTP ${status}) is larger than ${maxBytes} bytes`);
    this.name = "ResponseTooLarge";
  }
}

/** The body as UTF-8 text, read up to maxBytes; throws ResponseTooLarge past it and releases the connection. */
export async function readCappedText(response: Response, maxBytes: number): Promise<string> {
  if (Number(response.headers.get("content-length") ?? 0) > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new ResponseTooLarge(response.status, maxBytes);
  }
  const reader = response.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    size += chunk.value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new ResponseTooLarge(response.status, maxBytes);
    }
    chunks.push(chunk.value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
