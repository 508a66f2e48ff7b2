// What Slack and Teams do with the text they are sent. Words from people and from the clouds (a sender's name, Entra's
// error text) must reach the chat as words. Slack reads mentions and links from "<…>" sequences in mrkdwn, so &, < and >
// are escaped as its "Formatting text" reference asks. Teams takes an Adaptive Card wrapped in a message envelope: the
// shape its Workflows "when a Teams webhook request is received" trigger accepts, now that the Office 365 connectors'
// MessageCard webhooks are retired. It reads Markdown (links included) in a TextBlock and in facts, but not in a
// RichTextBlock's TextRun, so such words go there and only SSO Bridge's own words go anywhere Markdown is read.

/** Text that Slack shows as written: its control characters, escaped once. */
export function slackEscaped(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A Teams message holding one Adaptive Card with these elements. */
export function teamsCard(body: unknown[]): unknown {
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: { $schema: "http://adaptivecards.io/schemas/adaptive-card.json", type: "AdaptiveCard", version: "1.4", body },
      },
    ],
  };
}
