import { describe, expect, it } from "vitest";
import { entraEndpoints, graphTokenScope, NATIONAL_CLOUDS, nationalCloudLabels } from "./national-clouds";

describe("national cloud endpoints", () => {
  it("knows the login and Graph hosts of each cloud", () => {
    expect(entraEndpoints("global", {})).toEqual({
      authorityHost: "https://login.microsoftonline.com",
      graphBaseUrl: "https://graph.microsoft.com",
      overriddenByEnvironment: false,
    });
    expect(entraEndpoints("usgov", {})).toEqual({
      authorityHost: "https://login.microsoftonline.us",
      graphBaseUrl: "https://graph.microsoft.us",
      overriddenByEnvironment: false,
    });
    expect(entraEndpoints("china", {})).toEqual({
      authorityHost: "https://login.chinacloudapi.cn",
      graphBaseUrl: "https://microsoftgraph.chinacloudapi.cn",
      overriddenByEnvironment: false,
    });
  });

  it("labels every cloud", () => {
    for (const cloud of NATIONAL_CLOUDS) expect(nationalCloudLabels[cloud]).toBeTruthy();
  });

  it("lets the environment point both elsewhere, as demo mode does", () => {
    const env = { ENTRA_AUTHORITY_HOST: "https://localhost:4443/", GRAPH_BASE_URL: "https://localhost:4444/v1.0" };
    expect(entraEndpoints("global", env)).toEqual({
      authorityHost: "https://localhost:4443",
      graphBaseUrl: "https://localhost:4444",
      overriddenByEnvironment: true,
    });
  });

  it("overrides only what is set, and ignores empty values", () => {
    expect(entraEndpoints("usgov", { GRAPH_BASE_URL: "https://dod-graph.microsoft.us" })).toEqual({
      authorityHost: "https://login.microsoftonline.us",
      graphBaseUrl: "https://dod-graph.microsoft.us",
      overriddenByEnvironment: true,
    });
    expect(entraEndpoints("global", { ENTRA_AUTHORITY_HOST: " ", GRAPH_BASE_URL: "" }).overriddenByEnvironment).toBe(false);
  });

  it("refuses overrides that are not https origins", () => {
    expect(() => entraEndpoints("global", { ENTRA_AUTHORITY_HOST: "http://localhost:4443" })).toThrow(/ENTRA_AUTHORITY_HOST must be an https/);
    expect(() => entraEndpoints("global", { GRAPH_BASE_URL: "graph.microsoft.com" })).toThrow(/GRAPH_BASE_URL is not a URL/);
    expect(() => entraEndpoints("global", { GRAPH_BASE_URL: "https://graph.microsoft.com/beta" })).toThrow(/without a path/);
  });

  it("asks for tokens for the cloud's own Graph, wherever requests are sent", () => {
    expect(graphTokenScope("global")).toBe("https://graph.microsoft.com/.default");
    expect(graphTokenScope("usgov")).toBe("https://graph.microsoft.us/.default");
    expect(graphTokenScope("china")).toBe("https://microsoftgraph.chinacloudapi.cn/.default");
  });
});
