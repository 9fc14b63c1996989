import type { Concept } from "../concepts";

export const PEOPLE: Concept[] = [
  {
    id: "onboarding",
    related: ["computer", "sign-in", "purchasing"],
    terms: [
      "onboarding", "onboard", "new hire", "new hires", "new starter", "new starters", "new employee", "new employees",
      "new joiner", "joiner", "joiners", "new staff", "new user", "new colleague", "new guy", "new girl", "new person",
      "new intern", "intern", "interns", "trainee", "trainees", "summer student^0.6", "contractor joining", "starting monday",
      "starting next week", "starts monday", "starts on monday", "start date", "first day", "joining us", "joining next",
      "joining in", "someone starting", "starting on", "starting the", "new associate", "new paralegal", "set up an account",
      "set up accounts", "create an account", "create account", "account for a new", "get her set up", "get him set up",
      "get them set up", "prep a workstation", "has no login yet", "no email yet", "new controller",
    ],
  },
  {
    id: "offboarding",
    related: ["sign-in", "email"],
    terms: [
      "offboarding", "offboard", "leaver", "leavers", "leaving", "left the company", "leaving the company", "last day",
      "resigned", "resignation", "quit", "quitting", "retiring", "retires", "retirement", "terminated", "termination",
      "fired", "let go", "let someone go", "laid off", "layoff", "dismissed", "exit", "departure", "departing",
      "former employee", "ex employee", "ex-employee", "old employee", "disable account", "disable access", "disable his account",
      "disable her account", "cut off access", "remove access", "revoke access", "turn off access", "contract ended",
      "contract ends", "finished their contract", "who finished", "emails forward to me", "forward his emails",
      "forward her emails", "get the laptop back", "collect equipment", "return equipment", "mailbox kept", "keep the mailbox",
      "convert to shared mailbox", "still shows up in the address book",
    ],
  },
  {
    id: "movers",
    related: ["onboarding", "file-sharing"],
    terms: [
      "moving department", "moving from", "moving to another team", "changing roles", "role change", "transfer to", "mover",
      "movers", "new role", "promoted",
    ],
  },
  {
    id: "purchasing",
    related: ["computer", "peripheral", "licensing"],
    terms: [
      // Buying is the request even when the thing bought is a laptop: these outweigh the object.
      "buy^1.5", "buying^1.5", "bought", "purchase^1.5", "purchasing^1.5", "procure^1.5", "procurement^1.5", "order",
      "ordering^1.3", "ordered^1.5", "get one ordered", "quote", "quotation", "price", "pricing", "how much does", "cost", "budget", "budget process",
      "approval to buy", "replacement", "replace my laptop", "due for a replacement", "refresh", "laptop refresh",
      "hardware refresh", "new laptop", "new laptops", "new monitor", "new monitors", "new macbook", "new computer", "new pc",
      "another monitor", "couple more", "more monitors", "extra monitor", "spare", "asset tag", "asset", "assets",
      "supplier", "cdw", "insight", "amazon order", "lead time",
    ],
  },
];
