// The simulated clouds listen on localhost, but what they hand a browser names the real clouds'
// public hosts (an assertion consumer service on <region>.signin.aws.amazon.com) or an HTTPS
// origin signed by the simulators' own CA. Like a hosts file, this map sends the browser to the
// local stand-in for such an origin; every other address passes through unchanged.

export class BrowserHosts {
  private readonly origins = new Map<string, string>();

  /** Sends a browser bound for `publicOrigin` to `localOrigin` instead. */
  add(publicOrigin: string, localOrigin: string): void {
    this.origins.set(new URL(publicOrigin).origin, new URL(localOrigin).origin);
  }

  /** `url` as a browser on this machine can reach it. */
  forBrowser(url: string): string {
    const parsed = new URL(url);
    const local = this.origins.get(parsed.origin);
    return local ? `${local}${parsed.pathname}${parsed.search}` : url;
  }
}
