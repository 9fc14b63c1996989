import type { Concept } from "../concepts";

export const WORKPLACE: Concept[] = [
  {
    id: "telephony",
    related: ["mobile", "collaboration"],
    terms: [
      "desk phone", "deskphone", "office phone", "office phones", "office line", "landline", "land line", "phone system",
      "phone line", "phone lines", "phones^0.5", "voip", "sip", "sip trunk", "pbx", "hosted pbx", "ringcentral", "8x8",
      "dialpad", "vonage", "mitel", "avaya", "yealink", "polycom phone", "cisco phone", "3cx", "teams phone", "teams calling",
      "softphone", "extension", "ext", "direct line", "direct dial", "ddi", "main number", "main line",
      "phone number", "new number", "voicemail", "voice mail", "vm pin^0.6", "greeting", "after hours greeting",
      "auto attendant", "auto-attendant", "ivr", "phone menu", "call queue", "call queues", "hunt group", "ring group",
      "call group", "call forwarding", "forward calls", "divert", "diverted", "call divert", "transfer", "transferred",
      "transfer calls", "calls drop", "dropped calls", "call drops", "busy tone", "busy signal", "dial tone", "no dial tone",
      "no service^0.6", "ringing out", "ring out", "rings out", "one way audio", "hear silence", "callers hear", "callers",
      "caller id", "call recording", "switchboard", "reception phone", "receptionist console", "fax", "efax", "e-fax",
      "mobile twinning", "twinning", "calls", "call^0.5", "phone^0.5", "ring^0.4", "ringing^0.5",
    ],
  },
];
