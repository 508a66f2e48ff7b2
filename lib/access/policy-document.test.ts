import { describe, expect, it } from "vitest";
import { checkPolicyDocument } from "./policy-document";

const policy = (statement: unknown) => JSON.stringify({ Version: "2012-10-17", Statement: statement });
const problem = (text: string) => {
  const r = checkPolicyDocument(text);
  return r.ok ? null : r.problem;
};

describe("checking an inline policy before AWS sees it", () => {
  it("accepts a well-formed policy and keeps it compact", () => {
    const text = `{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": ["s3:GetObject", "s3:List*"], "Resource": "*" }]\n}`;
    expect(checkPolicyDocument(text)).toEqual({
      ok: true,
      normalized: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:List*"],"Resource":"*"}]}',
    });
    expect(problem(policy({ Effect: "Deny", NotAction: "iam:*", Resource: "*", Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } } }))).toBeNull();
  });

  it("points at the line and column of a JSON syntax error", () => {
    expect(problem(`{\n  "Version": "2012-10-17",\n  "Statement": [ { "Effect": "Allow", } ]\n}`)).toMatch(
      /^The policy is not valid JSON: .* at line 3, column \d+\.$/,
    );
  });

  it("names what is missing or misspelt, statement by statement", () => {
    expect(problem(JSON.stringify({ Statement: [] }))).toMatch(/needs "Version"/);
    expect(problem(JSON.stringify({ Version: "2020-01-01", Statement: [] }))).toMatch(/"Version" must be "2012-10-17"/);
    expect(problem(policy([]))).toMatch(/at least one statement/);
    expect(problem(policy([{ Effect: "allow", Action: "s3:*", Resource: "*" }]))).toBe('Statement 1: "Effect" must be "Allow" or "Deny", not "allow".');
    expect(problem(policy([{ Sid: "Read", Effect: "Allow", Action: "s3:*" }]))).toMatch(
      /^Statement 1 \(Read\): give exactly one of "Resource" or "NotResource"/,
    );
    expect(problem(policy([{ Effect: "Allow", Action: "GetObject", Resource: "*" }]))).toMatch(/"GetObject" is not an action; write it as service:Action/);
    expect(problem(policy([{ Effect: "Allow", Actions: "s3:*", Resource: "*" }]))).toMatch(/"Actions" is not a statement element/);
    expect(problem(policy([{ Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*" }]))).toMatch(/no Principal/);
    expect(
      problem(
        policy([
          { Sid: "A", Effect: "Allow", Action: "s3:*", Resource: "*" },
          { Sid: "A", Effect: "Deny", Action: "s3:*", Resource: "*" },
        ]),
      ),
    ).toMatch(/Sid "A"/);
  });

  it("refuses a policy longer than AWS stores", () => {
    expect(problem(policy([{ Effect: "Allow", Action: "s3:*", Resource: Array(3000).fill("arn:aws:s3:::bucket/*") }]))).toMatch(/at most 32,768/);
  });
});
