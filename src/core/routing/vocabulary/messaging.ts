import type { Concept } from "../concepts";

export const MESSAGING: Concept[] = [
  {
    id: "email",
    related: ["calendar", "collaboration", "phishing"],
    terms: [
      "email", "emails", "e mail", "e-mail", "mail", "mails", "email address", "outlook", "outlok", "outlook app", "new outlook",
      "exchange", "exchange online", "gmail", "google workspace mail", "mailbox", "mail box", "inbox", "outbox", "sent items",
      "shared mailbox", "shared inbox", "group mailbox", "distribution list", "dl", "mailing list", "alias", "email alias",
      "out of office", "ooo", "automatic reply", "auto reply", "autoreply", "email signature", "signature", "bounce", "bounced",
      "bounce back", "undeliverable", "ndr", "delivery failure", "mail flow", "not receiving emails", "cant send email",
      "stuck in outbox", "mailbox full", "inbox full", "mailbox size", "archive mailbox", "pst", "ost", "mail rule", "inbox rule",
      "forward email", "email forwarding", "forwarding", "attachment too large", "attachment", "reply all", "cc",
      "message recall", "recall email", "read receipt", "junk folder^0.5", "opposing counsel^0.2",
    ],
  },
  {
    id: "calendar",
    related: ["email"],
    terms: [
      "calendar", "calender", "diary", "meeting invite", "calendar invite", "invite", "delegate access", "delegate",
      "shared calendar", "room booking^0.6", "book a room^0.6", "free busy", "availability", "appointment^0.5",
      "calendar permissions",
    ],
  },
  {
    id: "collaboration",
    related: ["email", "video-meeting", "file-sharing"],
    terms: [
      "teams", "microsoft teams", "ms teams", "team", "teams chat", "chat", "channel", "teams channel", "private channel",
      "teams meeting", "teams call", "slack", "slack channel", "workspace^0.4", "google chat", "webex teams", "ping", "pinged",
      "notifications^0.5", "notified^0.5", "presence", "status stuck", "status away", "away status", "guest access", "external guest",
      "add guest", "mention", "@mention", "loading screen", "spinning dots", "teams wont load", "mic", "microphone", "headset audio",
      "my camera^0.6", "webcam", "video freezes", "video freezing", "call quality", "choppy audio", "audio cutting out",
      "screen share", "screen sharing", "share my screen", "team site^0.5", "new team",
    ],
  },
  {
    id: "video-meeting",
    related: ["collaboration", "av-room"],
    terms: [
      "zoom", "zoom meeting", "webex", "google meet", "gotomeeting", "video call", "video conference", "videoconference",
      "video conferencing", "vc", "online meeting", "virtual meeting", "meeting link", "join the meeting", "webinar",
    ],
  },
];
