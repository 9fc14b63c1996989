import type { Concept } from "../concepts";

export const SECURITY: Concept[] = [
  {
    id: "malware",
    related: ["account-compromise", "phishing"],
    terms: [
      "virus", "viruses", "malware", "ransomware", "ransom", "encrypted", "files are encrypted", "files encrypted",
      "encrypted my files", "weird extension", "strange extension", "cant open any files^0.6", "bitcoin", "crypto payment",
      "demanding payment", "pay to unlock", "red screen", "infected", "infection", "trojan", "worm", "spyware", "adware",
      "keylogger", "rootkit", "antivirus", "anti virus", "anti-virus", "av alert", "edr", "xdr", "crowdstrike", "sentinelone",
      "defender", "microsoft defender", "windows defender", "sophos", "malwarebytes", "bitdefender", "huntress", "quarantined",
      "quarantine", "threat", "threat detected", "flagged a threat", "security software", "security alert", "suspicious activity",
      "suspicious process", "someone is in my pc", "someone in my computer", "mouse moving by itself", "moving by itself",
      "opening programs by itself", "remote control my pc", "tech support scam", "call this number", "popup says infected",
      "pop up^0.4", "popup^0.4", "pop-up^0.4", "fake warning", "browser hijack", "security incident", "incident^0.5", "breach^0.6",
      "attack", "cyber attack", "cyberattack", "under attack", "isolate", "soc",
    ],
  },
  {
    id: "account-compromise",
    related: ["malware", "phishing", "password"],
    terms: [
      "hacked", "hacked account", "i got hacked", "been hacked", "compromised", "compromised account", "account compromised",
      "account takeover", "emails i didnt send", "emails i didnt write", "sent emails from my account", "didnt write",
      "didnt send", "rules i didnt create", "inbox rules i didnt", "someone logged into my account", "unknown sign in",
      "impossible travel", "sign in from another country", "someone has my password", "entered my password",
      "typed my password into", "gave my password", "sent to all my contacts", "impersonating me",
    ],
  },
  {
    id: "phishing",
    related: ["email", "account-compromise", "malware"],
    terms: [
      "phishing", "phish", "phishy", "fishy", "fishing email", "spear phishing", "whaling", "smishing", "vishing",
      "suspicious email", "suspicious message", "suspicious link", "suspicious attachment", "sketchy email", "sketchy link",
      "dodgy email", "weird email", "strange email", "fake email", "fake invoice", "scam", "scam email", "scam message", "scammer",
      "spam", "junk mail", "junk", "spoof", "spoofed", "spoofing", "pretending to be", "purporting to be", "claiming to be",
      "impersonation", "gift card", "gift cards", "itunes cards", "wire transfer request", "bank details changed",
      "changed bank details", "new bank details", "payment diversion", "invoice fraud", "bec", "business email compromise",
      "ceo fraud", "fraud", "fraudulent", "is this email legit", "is this legit", "looks legit^0.6", "report phishing",
      "report a scam", "clicked a link", "clicked the link", "clicked on a link", "clicked an attachment", "clicked on an attachment",
      "fake docusign", "fake microsoft", "verify my login", "verify your account", "mailbox will be deleted", "password expiry email",
      "rang and asked^0.6", "remote software^0.4",
    ],
  },
  {
    id: "privacy",
    related: ["compliance"],
    terms: [
      "data breach", "privacy breach", "privacy", "personal data", "personal information", "pii", "phi", "gdpr", "pipeda", "hipaa",
      "ccpa", "data protection", "dpo", "privacy officer", "ico", "subject access request", "sar", "right to be forgotten",
      "delete all the data", "delete their data", "data we hold", "data we have on", "personal data we hold", "sent to the wrong",
      "sent to wrong", "wrong client", "wrong person", "wrong recipient", "misdirected", "misdirected email", "copied in error",
      "sent in error", "emailed outside", "lost usb", "usb stick", "usb drive", "memory stick", "flash drive", "lost laptop with data",
      "left a folder", "left a file", "on the train", "client papers", "employee records", "payroll files", "sin", "sins",
      "social insurance number", "social security number", "ssn", "national insurance number", "medical records",
      "patient data", "leak", "leaked", "data leak", "exposed data", "shared with the whole company", "confidential",
      "confidentiality", "notify", "notification obligation", "breach notification", "photographed a screen",
    ],
  },
  {
    id: "physical-security",
    related: [],
    terms: [
      "badge", "badges", "badge reader", "card reader^0.6", "door reader", "reader^0.5", "fob", "key fob", "fobs", "keycard",
      "key card", "access card", "door access", "building access", "door controller", "door", "doors", "side door", "front door",
      "maglock", "intercom", "buzzer", "cctv", "camera footage", "security camera", "security cameras", "surveillance",
      "footage", "nvr", "dvr", "verkada", "genetec", "brivo", "hid card", "alarm panel", "after hours access",
    ],
  },
];
