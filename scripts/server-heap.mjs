// The V8 old-space cap the server runs with (scripts/start.mjs), and the drift benchmark's scanning
// process with it, so the benchmark's memory is the server's. Without a cap V8 lets the heap grow
// with the machine's memory before collecting in earnest; SSO Bridge needs far less.
export const HEAP_MB = 384;
