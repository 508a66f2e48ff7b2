// Ports of `npm run sim` and `npm run demo`, fixed so that .data/sim.env and bookmarks stay valid
// across restarts. Tests use free ports instead.
export const SIM_PORTS = { entraHttps: 4443, entraBrowser: 4480, graph: 4444, awsApi: 4566, scim: 4567, control: 4590 };
