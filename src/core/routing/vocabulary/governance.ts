import type { Concept } from "../concepts";

export const GOVERNANCE: Concept[] = [
  {
    id: "compliance",
    related: ["privacy"],
    terms: [
      "compliance", "compliant^0.4", "audit", "audits", "auditor", "auditors", "audit evidence", "evidence", "soc 2", "soc2",
      "soc 1", "iso 27001", "iso27001", "pci", "pci dss", "hipaa audit", "nist", "cis controls", "cyber essentials",
      "cyber essentials plus", "lexcel", "sra", "cyber insurance", "insurance questionnaire", "insurance form", "insurer",
      "insurance company", "questionnaire", "security questionnaire", "vendor questionnaire", "due diligence questionnaire",
      "cyber form", "policy document", "policies", "policy^0.5", "acceptable use policy", "aup", "it policy", "security policy",
      "information security policy", "byod policy", "awareness training", "security awareness", "security training",
      "phishing training", "phishing awareness", "phishing simulation", "training module", "training course", "course^0.5",
      "module^0.4", "knowbe4", "proofpoint training", "access review", "user access review", "review user access",
      "penetration test", "pen test", "pentest", "risk assessment", "vulnerability scan", "attestation", "certification",
      "renewal due^0.5", "card data", "cardholder data",
    ],
  },
];
