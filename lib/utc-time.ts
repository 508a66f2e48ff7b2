// How times are written for people, everywhere in SSO Bridge's console and command line: UTC, to
// the minute (or second, in logs), in an order that sorts and reads the same in every locale.

export const utcMinutes = (d: Date) => d.toISOString().slice(0, 16).replace("T", " ");
export const utcSeconds = (d: Date) => d.toISOString().slice(0, 19).replace("T", " ");
